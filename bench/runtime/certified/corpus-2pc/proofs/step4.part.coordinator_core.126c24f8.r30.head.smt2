; compartment obligation part.coordinator_core.126c24f8.r30.head (certify step 4: partition-cohash coordinator_core)
; Rule `decided(txn, decision) :+ decided(txn, decision)` derives `decided` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_txn_0 Int)
(declare-const a_decision_1 String)
(declare-fun part_Int (Int) Int)
; part.coordinator_core.126c24f8.r30.head: Rule `decided(txn, decision) :+ decided(txn, decision)` derives `decided` on the partition its key says.
; Policy: ack=txn,ack_count=txn,acks=txn,begin__to_coordinator_core=txn,client_of=txn,decided=txn,decision=txn,ended=txn,finish=txn,log=txn,vote=txn,votes=txn,yes_votes=txn
; Rule 30 (coordinator_core): decided(txn, decision) :+ decided(txn, decision)
; a violation
(assert (and true true (not (= (part_Int a_txn_0) (part_Int a_txn_0)))))
(check-sat)
