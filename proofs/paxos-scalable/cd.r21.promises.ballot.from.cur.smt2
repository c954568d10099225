; compartment obligation cd.r21.promises.ballot.from.cur
; Wherever `cur` and `promises` join in rule `won(b) :- cur(b), promises(b, k), quorum(q), k >= q`, promises.ballot = ballot of the `cur` fact.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_b_0 Int)
(declare-const a_k_1 Int)
(declare-const a_q_2 Int)
; cd.r21.promises.ballot.from.cur: Wherever `cur` and `promises` join in rule `won(b) :- cur(b), promises(b, k), quorum(q), k >= q`, promises.ballot = ballot of the `cur` fact.
; a join where the function does not hold
(assert (and (>= a_k_1 a_q_2) (not (= a_b_0 a_b_0))))
(check-sat)
