; compartment obligation part.leader.4f38fcb9.r3.neg0
; In rule `reply@c(c, i, v) :~ votes(c, i, v, p), !replied(c, i)`, a fact of `replied` that the negation `!replied(...)` must see lands on the partition where the rule runs.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_i_1 Int)
(declare-const a_v_2 String)
(declare-const a_p_3 String)
(declare-fun part_Int (Int) Int)
; part.leader.4f38fcb9.r3.neg0: In rule `reply@c(c, i, v) :~ votes(c, i, v, p), !replied(c, i)`, a fact of `replied` that the negation `!replied(...)` must see lands on the partition where the rule runs.
; Policy: replied=id,vote=id,votes=id
; Rule 3 (leader): reply@c(c, i, v) :~ votes(c, i, v, p), !replied(c, i)
; a violation
(assert (and true true (not (= (part_Int a_i_1) (part_Int a_i_1)))))
(check-sat)
