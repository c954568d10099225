; compartment obligation part.coordinator_outcome.628ccc8e.r31.head (certify step 8: partition-cohash coordinator_outcome)
; Rule `log(node, txn, entry) :+ log(node, txn, entry)` derives `log` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_node_0 String)
(declare-const a_txn_1 Int)
(declare-const a_entry_2 String)
(declare-fun part_Int (Int) Int)
; part.coordinator_outcome.628ccc8e.r31.head: Rule `log(node, txn, entry) :+ log(node, txn, entry)` derives `log` on the partition its key says.
; Policy: ack=txn,ack_count=txn,acks=txn,client_of__via_ack=txn,decided__via_ack=txn,ended=txn,finish=txn,log=txn
; Rule 31 (coordinator_outcome): log(node, txn, entry) :+ log(node, txn, entry)
; a violation
(assert (and true true (not (= (part_Int a_txn_1) (part_Int a_txn_1)))))
(check-sat)
