; compartment obligation cd.r61.accepted.slot.from.top_acc
; Wherever `top_acc` and `accepted` join in rule `best(s, b, c, i, v) :- top_acc(s, b), accepted(s, b, c, i, v)`, accepted.slot = slot of the `top_acc` fact.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_s_0 Int)
(declare-const a_b_1 Int)
(declare-const a_c_2 String)
(declare-const a_i_3 Int)
(declare-const a_v_4 String)
; cd.r61.accepted.slot.from.top_acc: Wherever `top_acc` and `accepted` join in rule `best(s, b, c, i, v) :- top_acc(s, b), accepted(s, b, c, i, v)`, accepted.slot = slot of the `top_acc` fact.
; a join where the function does not hold
(assert (and true (not (= a_s_0 a_s_0))))
(check-sat)
