; compartment obligation part.ender.41366be0.r29.head
; Rule `ended(txn) :+ ended(txn)` derives `ended` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_txn_0 Int)
(declare-fun part_Int (Int) Int)
; part.ender.41366be0.r29.head: Rule `ended(txn) :+ ended(txn)` derives `ended` on the partition its key says.
; Policy: ack=txn,ack_count=txn,acks=txn,ended=txn,finish=txn,log=txn
; Rule 29 (ender): ended(txn) :+ ended(txn)
; a violation
(assert (and true true (not (= (part_Int a_txn_0) (part_Int a_txn_0)))))
(check-sat)
