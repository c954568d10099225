; compartment obligation cd.r58.maxb.ballot.from.p2a
; Wherever `p2a` and `maxb` join in rule `accepted(s, b, c, i, v) :+ p2a(_, b, s, c, i, v), maxb(b)`, maxb.ballot = ballot of the `p2a` fact.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_b_0 Int)
(declare-const a_s_1 Int)
(declare-const a_c_2 String)
(declare-const a_i_3 Int)
(declare-const a_v_4 String)
(declare-const a_w_0 String)
; cd.r58.maxb.ballot.from.p2a: Wherever `p2a` and `maxb` join in rule `accepted(s, b, c, i, v) :+ p2a(_, b, s, c, i, v), maxb(b)`, maxb.ballot = ballot of the `p2a` fact.
; a join where the function does not hold
(assert (and true (not (= a_b_0 a_b_0))))
(check-sat)
