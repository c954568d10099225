; compartment obligation cd.r84.executed.slot.from.decided
; Wherever `decided` and `executed` join in rule `ready(s) :- decided(s, _, _, _), !executed(s), p = s - 1, executed(p)`, executed.slot = slot - 1 of the `decided` fact.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_s_0 Int)
(declare-const a_p_1 Int)
(declare-const a_w_0 String)
(declare-const a_w_1 Int)
(declare-const a_w_2 String)
; cd.r84.executed.slot.from.decided: Wherever `decided` and `executed` join in rule `ready(s) :- decided(s, _, _, _), !executed(s), p = s - 1, executed(p)`, executed.slot = slot - 1 of the `decided` fact.
; a join where the function does not hold
(assert (and (= a_p_1 (- a_s_0 1)) (not (= a_p_1 (- a_s_0 1)))))
(check-sat)
