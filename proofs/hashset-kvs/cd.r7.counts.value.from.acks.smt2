; compartment obligation cd.r7.counts.value.from.acks
; Wherever `acks` and `counts` join in rule `certified@c(c, i, v, n) :~ complete(c, i, v), counts(c, i, v, 1), acks(c, i, v, n, s)`, counts.value = value of the `acks` fact.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_i_1 Int)
(declare-const a_v_2 String)
(declare-const a_n_3 Int)
(declare-const a_s_4 String)
; cd.r7.counts.value.from.acks: Wherever `acks` and `counts` join in rule `certified@c(c, i, v, n) :~ complete(c, i, v), counts(c, i, v, 1), acks(c, i, v, n, s)`, counts.value = value of the `acks` fact.
; a join where the function does not hold
(assert (and true (not (= a_v_2 a_v_2))))
(check-sat)
