; compartment obligation cd.r24.led.ballot.from.cur
; Wherever `cur` and `led` join in rule `leader(b) :- cur(b), led(b), !preempted(b)`, led.ballot = ballot of the `cur` fact.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_b_0 Int)
; cd.r24.led.ballot.from.cur: Wherever `cur` and `led` join in rule `leader(b) :- cur(b), led(b), !preempted(b)`, led.ballot = ballot of the `cur` fact.
; a join where the function does not hold
(assert (and true (not (= a_b_0 a_b_0))))
(check-sat)
