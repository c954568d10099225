; compartment obligation cd.r9.yes_votes.n.from.participants
; Wherever `participants` and `yes_votes` join in rule `decision(c, t, "commit") :- yes_votes(c, t, n), participants(n), !decided(t, _)`, yes_votes.n = n of the `participants` fact.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_t_1 Int)
(declare-const a_n_2 Int)
(declare-const a_w_0 String)
; cd.r9.yes_votes.n.from.participants: Wherever `participants` and `yes_votes` join in rule `decision(c, t, "commit") :- yes_votes(c, t, n), participants(n), !decided(t, _)`, yes_votes.n = n of the `participants` fact.
; a join where the function does not hold
(assert (and true (not (= a_n_2 a_n_2))))
(check-sat)
