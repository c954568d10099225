; compartment obligation part.coordinator_outcome.628ccc8e.r36.head (certify step 8: partition-cohash coordinator_outcome)
; Rule `ended(txn) :+ ended(txn)` derives `ended` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_txn_0 Int)
(declare-fun part_Int (Int) Int)
; part.coordinator_outcome.628ccc8e.r36.head: Rule `ended(txn) :+ ended(txn)` derives `ended` on the partition its key says.
; Policy: ack=txn,ack_count=txn,acks=txn,client_of__via_ack=txn,decided__via_ack=txn,ended=txn,finish=txn,log=txn
; Rule 36 (coordinator_outcome): ended(txn) :+ ended(txn)
; a violation
(assert (and true true (not (= (part_Int a_txn_0) (part_Int a_txn_0)))))
(check-sat)
