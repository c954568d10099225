; compartment obligation cd.r63.upto.partition.from.nvoted
; Wherever `nvoted` and `upto` join in rule `total(b, t) :- all_voted(b), nvoted(b, k), h = k - 1, upto(b, h, t)`, upto.partition = n - 1 of the `nvoted` fact.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_b_0 Int)
(declare-const a_k_1 Int)
(declare-const a_h_2 Int)
(declare-const a_t_3 Int)
; cd.r63.upto.partition.from.nvoted: Wherever `nvoted` and `upto` join in rule `total(b, t) :- all_voted(b), nvoted(b, k), h = k - 1, upto(b, h, t)`, upto.partition = n - 1 of the `nvoted` fact.
; a join where the function does not hold
(assert (and (= a_h_2 (- a_k_1 1)) (not (= a_h_2 (- a_k_1 1)))))
(check-sat)
