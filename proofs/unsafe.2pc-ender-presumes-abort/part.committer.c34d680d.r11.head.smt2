; compartment obligation part.committer.c34d680d.r11.head
; Rule `decided(t, d) :+ decision(c, t, d)` derives `decided` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_t_1 Int)
(declare-const a_d_2 String)
(declare-fun part_Int (Int) Int)
; part.committer.c34d680d.r11.head: Rule `decided(t, d) :+ decision(c, t, d)` derives `decided` on the partition its key says.
; Policy: decided=txn,decision=txn,log=txn,vote=txn,votes=txn,yes_votes=txn
; Rule 11 (committer): decided(t, d) :+ decision(c, t, d)
; a violation
(assert (and true true (not (= (part_Int a_t_1) (part_Int a_t_1)))))
(check-sat)
