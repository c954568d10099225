; compartment obligation part.leader_reply.b1331043.r2.neg0 (certify step 3: partition-cohash leader_reply)
; In rule `votes(c, i, v, p) :+ votes(c, i, v, p), !done(c, i)`, a fact of `done` that the negation `!done(...)` must see lands on the partition where the rule runs.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_i_1 Int)
(declare-const a_v_2 String)
(declare-const a_p_3 String)
(declare-fun part_Int (Int) Int)
; part.leader_reply.b1331043.r2.neg0: In rule `votes(c, i, v, p) :+ votes(c, i, v, p), !done(c, i)`, a fact of `done` that the negation `!done(...)` must see lands on the partition where the rule runs.
; Policy: done=id,tally=id,vote=id,votes=id
; Rule 2 (leader_reply): votes(c, i, v, p) :+ votes(c, i, v, p), !done(c, i)
; a violation
(assert (and true true (not (= (part_Int a_i_1) (part_Int a_i_1)))))
(check-sat)
