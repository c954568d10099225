; compartment obligation part.committer.c34d680d.r7.group
; In rule `yes_votes(c, t, count<p>) :- votes(c, t, p, true)`, all facts of one aggregation group land on one partition.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_t_1 Int)
(declare-const a_p_2 String)
(declare-const b_c_0 String)
(declare-const b_t_1 Int)
(declare-const b_p_2 String)
(declare-const a_agg_0 Int)
(declare-const b_agg_1 Int)
(declare-fun part_Int (Int) Int)
; part.committer.c34d680d.r7.group: In rule `yes_votes(c, t, count<p>) :- votes(c, t, p, true)`, all facts of one aggregation group land on one partition.
; Policy: decided=txn,decision=txn,log=txn,vote=txn,votes=txn,yes_votes=txn
; Rule 7 (committer): yes_votes(c, t, count<p>) :- votes(c, t, p, true)
; a violation
(assert (and true true (= a_c_0 b_c_0) (= a_t_1 b_t_1) true true (not (= (part_Int a_t_1) (part_Int b_t_1)))))
(check-sat)
