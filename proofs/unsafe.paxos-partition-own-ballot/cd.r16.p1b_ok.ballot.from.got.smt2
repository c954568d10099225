; compartment obligation cd.r16.p1b_ok.ballot.from.got
; Wherever `got` and `p1b_ok` join in rule `complete(a, b) :- p1b_ok(a, b, n), got(a, b, n)`, p1b_ok.ballot = ballot of the `got` fact.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_a_0 String)
(declare-const a_b_1 Int)
(declare-const a_n_2 Int)
; cd.r16.p1b_ok.ballot.from.got: Wherever `got` and `p1b_ok` join in rule `complete(a, b) :- p1b_ok(a, b, n), got(a, b, n)`, p1b_ok.ballot = ballot of the `got` fact.
; a join where the function does not hold
(assert (and true (not (= a_b_1 a_b_1))))
(check-sat)
