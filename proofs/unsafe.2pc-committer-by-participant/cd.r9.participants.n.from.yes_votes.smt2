; compartment obligation cd.r9.participants.n.from.yes_votes
; Wherever `yes_votes` and `participants` join in rule `decision(c, t, "commit") :- yes_votes(c, t, n), participants(n), !decided(t, _)`, participants.n = n of the `yes_votes` fact.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_t_1 Int)
(declare-const a_n_2 Int)
(declare-const a_w_0 String)
; cd.r9.participants.n.from.yes_votes: Wherever `yes_votes` and `participants` join in rule `decision(c, t, "commit") :- yes_votes(c, t, n), participants(n), !decided(t, _)`, participants.n = n of the `yes_votes` fact.
; a join where the function does not hold
(assert (and true (not (= a_n_2 a_n_2))))
(check-sat)
