; compartment obligation cd.r40.unassigned.client.from.first_c
; Wherever `first_c` and `unassigned` join in rule `first_i(b, min<i>) :- first_c(b, c), unassigned(b, c, i, _)`, unassigned.client = client of the `first_c` fact.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_b_0 Int)
(declare-const a_c_1 String)
(declare-const a_i_2 Int)
(declare-const a_w_0 String)
; cd.r40.unassigned.client.from.first_c: Wherever `first_c` and `unassigned` join in rule `first_i(b, min<i>) :- first_c(b, c), unassigned(b, c, i, _)`, unassigned.client = client of the `first_c` fact.
; a join where the function does not hold
(assert (and true (not (= a_c_1 a_c_1))))
(check-sat)
