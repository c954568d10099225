; compartment obligation part.coordinator_decide.491b6002.r16.group (certify step 9: partition-cohash coordinator_decide)
; In rule `yes_votes(t, count<p>) :- votes(t, p, true)`, all facts of one aggregation group land on one partition.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_t_0 Int)
(declare-const a_p_1 String)
(declare-const b_t_0 Int)
(declare-const b_p_1 String)
(declare-const a_agg_0 Int)
(declare-const b_agg_1 Int)
(declare-fun part_Int (Int) Int)
; part.coordinator_decide.491b6002.r16.group: In rule `yes_votes(t, count<p>) :- votes(t, p, true)`, all facts of one aggregation group land on one partition.
; Policy: client_of__via_vote=txn,decided=txn,decision=txn,log=txn,vote=txn,votes=txn,yes_votes=txn
; Rule 16 (coordinator_decide): yes_votes(t, count<p>) :- votes(t, p, true)
; a violation
(assert (and true true (= a_t_0 b_t_0) true true (not (= (part_Int a_t_0) (part_Int b_t_0)))))
(check-sat)
