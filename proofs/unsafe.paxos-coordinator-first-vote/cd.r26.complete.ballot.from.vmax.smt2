; compartment obligation cd.r26.complete.ballot.from.vmax
; Wherever `vmax` and `complete` join in rule `carry(b, s, c, i, v) :- vmax(b, s, vb), complete(a, b), p1b_vals(a, b, s, vb, c, i, v)`, complete.ballot = ballot of the `vmax` fact.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_b_0 Int)
(declare-const a_s_1 Int)
(declare-const a_vb_2 Int)
(declare-const a_a_3 String)
(declare-const a_c_4 String)
(declare-const a_i_5 Int)
(declare-const a_v_6 String)
; cd.r26.complete.ballot.from.vmax: Wherever `vmax` and `complete` join in rule `carry(b, s, c, i, v) :- vmax(b, s, vb), complete(a, b), p1b_vals(a, b, s, vb, c, i, v)`, complete.ballot = ballot of the `vmax` fact.
; a join where the function does not hold
(assert (and true (not (= a_b_0 a_b_0))))
(check-sat)
