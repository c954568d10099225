; compartment obligation part.tally.1fea5067.r9.head
; Rule `decided(txn) :+ decided(txn)` derives `decided` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_txn_0 Int)
(declare-fun part_Int (Int) Int)
; part.tally.1fea5067.r9.head: Rule `decided(txn) :+ decided(txn)` derives `decided` on the partition its key says.
; Policy: tally_vote=participant,yes_votes=participant,decided=txn
; Rule 9 (tally): decided(txn) :+ decided(txn)
; a violation
(assert (and true true (not (= (part_Int a_txn_0) (part_Int a_txn_0)))))
(check-sat)
