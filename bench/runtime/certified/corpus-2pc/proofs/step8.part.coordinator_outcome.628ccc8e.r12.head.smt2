; compartment obligation part.coordinator_outcome.628ccc8e.r12.head (certify step 8: partition-cohash coordinator_outcome)
; Rule `decided__via_ack(txn, decision) :- ack(txn, _, decision, _)` derives `decided__via_ack` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_txn_0 Int)
(declare-const a_decision_1 String)
(declare-const a_w_0 String)
(declare-const a_w_1 String)
(declare-fun part_Int (Int) Int)
; part.coordinator_outcome.628ccc8e.r12.head: Rule `decided__via_ack(txn, decision) :- ack(txn, _, decision, _)` derives `decided__via_ack` on the partition its key says.
; Policy: ack=txn,ack_count=txn,acks=txn,client_of__via_ack=txn,decided__via_ack=txn,ended=txn,finish=txn,log=txn
; Rule 12 (coordinator_outcome): decided__via_ack(txn, decision) :- ack(txn, _, decision, _)
; a violation
(assert (and true true (not (= (part_Int a_txn_0) (part_Int a_txn_0)))))
(check-sat)
