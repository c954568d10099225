; compartment obligation part.committer.c34d680d.r7.head
; Rule `yes_votes(c, t, count<p>) :- votes(c, t, p, true)` derives `yes_votes` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_t_1 Int)
(declare-const a_p_2 String)
(declare-fun part_Int (Int) Int)
(declare-const a_agg_0 Int)
; part.committer.c34d680d.r7.head: Rule `yes_votes(c, t, count<p>) :- votes(c, t, p, true)` derives `yes_votes` on the partition its key says.
; Policy: decided=txn,decision=txn,log=txn,vote=txn,votes=txn,yes_votes=txn
; Rule 7 (committer): yes_votes(c, t, count<p>) :- votes(c, t, p, true)
; a violation
(assert (and true true (not (= (part_Int a_t_1) (part_Int a_t_1)))))
(check-sat)
