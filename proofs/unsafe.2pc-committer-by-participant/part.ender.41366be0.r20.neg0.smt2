; compartment obligation part.ender.41366be0.r20.neg0
; In rule `finish(c, t, d) :- ack_count(c, t, d, n), participants(n), !ended(t)`, a fact of `ended` that the negation `!ended(...)` must see lands on the partition where the rule runs.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_t_1 Int)
(declare-const a_d_2 String)
(declare-const a_n_3 Int)
(declare-fun part_Int (Int) Int)
; part.ender.41366be0.r20.neg0: In rule `finish(c, t, d) :- ack_count(c, t, d, n), participants(n), !ended(t)`, a fact of `ended` that the negation `!ended(...)` must see lands on the partition where the rule runs.
; Policy: ack=txn,ack_count=txn,acks=txn,ended=txn,finish=txn,log=txn
; Rule 20 (ender): finish(c, t, d) :- ack_count(c, t, d, n), participants(n), !ended(t)
; a violation
(assert (and true true (not (= (part_Int a_t_1) (part_Int a_t_1)))))
(check-sat)
