; compartment obligation cd.r71.decided.client.from.done
; Wherever `done` and `decided` join in rule `dup(s) :- ready(s), decided(s, c, i, _), done(c, i)`, decided.client = client of the `done` fact.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_s_0 Int)
(declare-const a_c_1 String)
(declare-const a_i_2 Int)
(declare-const a_w_0 String)
; cd.r71.decided.client.from.done: Wherever `done` and `decided` join in rule `dup(s) :- ready(s), decided(s, c, i, _), done(c, i)`, decided.client = client of the `done` fact.
; a join where the function does not hold
(assert (and true (not (= a_c_1 a_c_1))))
(check-sat)
