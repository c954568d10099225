; compartment obligation part.coordinator_decide.491b6002.r23.head (certify step 9: partition-cohash coordinator_decide)
; Rule `client_of__via_vote(txn, client) :- vote(txn, _, _, client)` derives `client_of__via_vote` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_txn_0 Int)
(declare-const a_client_1 String)
(declare-const a_w_0 String)
(declare-const a_w_1 Bool)
(declare-fun part_Int (Int) Int)
; part.coordinator_decide.491b6002.r23.head: Rule `client_of__via_vote(txn, client) :- vote(txn, _, _, client)` derives `client_of__via_vote` on the partition its key says.
; Policy: client_of__via_vote=txn,decided=txn,decision=txn,log=txn,vote=txn,votes=txn,yes_votes=txn
; Rule 23 (coordinator_decide): client_of__via_vote(txn, client) :- vote(txn, _, _, client)
; a violation
(assert (and true true (not (= (part_Int a_txn_0) (part_Int a_txn_0)))))
(check-sat)
