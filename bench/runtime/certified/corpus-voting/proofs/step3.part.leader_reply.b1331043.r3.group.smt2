; compartment obligation part.leader_reply.b1331043.r3.group (certify step 3: partition-cohash leader_reply)
; In rule `tally(c, i, v, count<p>) :- votes(c, i, v, p)`, all facts of one aggregation group land on one partition.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_i_1 Int)
(declare-const a_v_2 String)
(declare-const a_p_3 String)
(declare-const b_c_0 String)
(declare-const b_i_1 Int)
(declare-const b_v_2 String)
(declare-const b_p_3 String)
(declare-const a_agg_0 Int)
(declare-const b_agg_1 Int)
(declare-fun part_Int (Int) Int)
; part.leader_reply.b1331043.r3.group: In rule `tally(c, i, v, count<p>) :- votes(c, i, v, p)`, all facts of one aggregation group land on one partition.
; Policy: done=id,tally=id,vote=id,votes=id
; Rule 3 (leader_reply): tally(c, i, v, count<p>) :- votes(c, i, v, p)
; a violation
(assert (and true true (= a_c_0 b_c_0) (= a_i_1 b_i_1) (= a_v_2 b_v_2) true true (not (= (part_Int a_i_1) (part_Int b_i_1)))))
(check-sat)
