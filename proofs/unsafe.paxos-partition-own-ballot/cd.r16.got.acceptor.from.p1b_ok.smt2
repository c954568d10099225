; compartment obligation cd.r16.got.acceptor.from.p1b_ok
; Wherever `p1b_ok` and `got` join in rule `complete(a, b) :- p1b_ok(a, b, n), got(a, b, n)`, got.acceptor = acceptor of the `p1b_ok` fact.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_a_0 String)
(declare-const a_b_1 Int)
(declare-const a_n_2 Int)
; cd.r16.got.acceptor.from.p1b_ok: Wherever `p1b_ok` and `got` join in rule `complete(a, b) :- p1b_ok(a, b, n), got(a, b, n)`, got.acceptor = acceptor of the `p1b_ok` fact.
; a join where the function does not hold
(assert (and true (not (= a_a_0 a_a_0))))
(check-sat)
