; compartment obligation part.committer.c34d680d.r6.neg0
; In rule `votes(c, t, p, y) :+ votes(c, t, p, y), !decided(t, _)`, a fact of `decided` that the negation `!decided(...)` must see lands on the partition where the rule runs.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_t_1 Int)
(declare-const a_p_2 String)
(declare-const a_y_3 Bool)
(declare-const a_w_0 String)
(declare-fun part_Int (Int) Int)
; part.committer.c34d680d.r6.neg0: In rule `votes(c, t, p, y) :+ votes(c, t, p, y), !decided(t, _)`, a fact of `decided` that the negation `!decided(...)` must see lands on the partition where the rule runs.
; Policy: decided=txn,decision=txn,log=txn,vote=txn,votes=txn,yes_votes=txn
; Rule 6 (committer): votes(c, t, p, y) :+ votes(c, t, p, y), !decided(t, _)
; a violation
(assert (and true true (not (= (part_Int a_t_1) (part_Int a_t_1)))))
(check-sat)
