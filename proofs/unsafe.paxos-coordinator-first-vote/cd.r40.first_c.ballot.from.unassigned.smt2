; compartment obligation cd.r40.first_c.ballot.from.unassigned
; Wherever `unassigned` and `first_c` join in rule `first_i(b, min<i>) :- first_c(b, c), unassigned(b, c, i, _)`, first_c.ballot = ballot of the `unassigned` fact.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_b_0 Int)
(declare-const a_c_1 String)
(declare-const a_i_2 Int)
(declare-const a_w_0 String)
; cd.r40.first_c.ballot.from.unassigned: Wherever `unassigned` and `first_c` join in rule `first_i(b, min<i>) :- first_c(b, c), unassigned(b, c, i, _)`, first_c.ballot = ballot of the `unassigned` fact.
; a join where the function does not hold
(assert (and true (not (= a_b_0 a_b_0))))
(check-sat)
