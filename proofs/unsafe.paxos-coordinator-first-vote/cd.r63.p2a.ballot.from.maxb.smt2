; compartment obligation cd.r63.p2a.ballot.from.maxb
; Wherever `maxb` and `p2a` join in rule `accepted(s, b, c, i, v) :+ p2a(_, b, s, c, i, v), maxb(b)`, p2a.ballot = ballot of the `maxb` fact.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_b_0 Int)
(declare-const a_s_1 Int)
(declare-const a_c_2 String)
(declare-const a_i_3 Int)
(declare-const a_v_4 String)
(declare-const a_w_0 String)
; cd.r63.p2a.ballot.from.maxb: Wherever `maxb` and `p2a` join in rule `accepted(s, b, c, i, v) :+ p2a(_, b, s, c, i, v), maxb(b)`, p2a.ballot = ballot of the `maxb` fact.
; a join where the function does not hold
(assert (and true (not (= a_b_0 a_b_0))))
(check-sat)
