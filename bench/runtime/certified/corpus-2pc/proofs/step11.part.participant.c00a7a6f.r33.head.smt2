; compartment obligation part.participant.c00a7a6f.r33.head (certify step 11: partition-cohash participant)
; Rule `log(node, txn, entry) :+ log(node, txn, entry)` derives `log` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_node_0 String)
(declare-const a_txn_1 Int)
(declare-const a_entry_2 String)
(declare-fun part_Int (Int) Int)
; part.participant.c00a7a6f.r33.head: Rule `log(node, txn, entry) :+ log(node, txn, entry)` derives `log` on the partition its key says.
; Policy: log=txn,prepare=txn
; Rule 33 (participant): log(node, txn, entry) :+ log(node, txn, entry)
; a violation
(assert (and true true (not (= (part_Int a_txn_1) (part_Int a_txn_1)))))
(check-sat)
