; compartment obligation cd.r25.p1b_vals.ballot.from.complete
; Wherever `complete` and `p1b_vals` join in rule `vmax(b, s, max<vb>) :- lead_start(b), complete(a, b), p1b_vals(a, b, s, vb, _, _, _)`, p1b_vals.ballot = ballot of the `complete` fact.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_b_0 Int)
(declare-const a_a_1 String)
(declare-const a_s_2 Int)
(declare-const a_vb_3 Int)
(declare-const a_w_0 String)
(declare-const a_w_1 Int)
(declare-const a_w_2 String)
; cd.r25.p1b_vals.ballot.from.complete: Wherever `complete` and `p1b_vals` join in rule `vmax(b, s, max<vb>) :- lead_start(b), complete(a, b), p1b_vals(a, b, s, vb, _, _, _)`, p1b_vals.ballot = ballot of the `complete` fact.
; a join where the function does not hold
(assert (and true (not (= a_b_0 a_b_0))))
(check-sat)
