; compartment obligation cd.r62.upto.ballot.from.vote_in
; Wherever `vote_in` and `upto` join in rule `upto(b, j, t) :- upto(b, h, t0), j = h + 1, vote_in(j, b, _, n), t = t0 + n`, upto.ballot = ballot of the `vote_in` fact.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_b_0 Int)
(declare-const a_h_1 Int)
(declare-const a_t0_2 Int)
(declare-const a_j_3 Int)
(declare-const a_n_4 Int)
(declare-const a_t_5 Int)
(declare-const a_w_0 Int)
; cd.r62.upto.ballot.from.vote_in: Wherever `vote_in` and `upto` join in rule `upto(b, j, t) :- upto(b, h, t0), j = h + 1, vote_in(j, b, _, n), t = t0 + n`, upto.ballot = ballot of the `vote_in` fact.
; a join where the function does not hold
(assert (and (and (= a_j_3 (+ a_h_1 1)) (= a_t_5 (+ a_t0_2 a_n_4))) (not (= a_b_0 a_b_0))))
(check-sat)
