; compartment obligation cd.r41.first_i.ballot.from.first_c
; Wherever `first_c` and `first_i` join in rule `fresh(b, s, c, i, v) :- first_c(b, c), first_i(b, i), unassigned(b, c, i, v), next_slot(b, s)`, first_i.ballot = ballot of the `first_c` fact.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_b_0 Int)
(declare-const a_c_1 String)
(declare-const a_i_2 Int)
(declare-const a_v_3 String)
(declare-const a_s_4 Int)
; cd.r41.first_i.ballot.from.first_c: Wherever `first_c` and `first_i` join in rule `fresh(b, s, c, i, v) :- first_c(b, c), first_i(b, i), unassigned(b, c, i, v), next_slot(b, s)`, first_i.ballot = ballot of the `first_c` fact.
; a join where the function does not hold
(assert (and true (not (= a_b_0 a_b_0))))
(check-sat)
