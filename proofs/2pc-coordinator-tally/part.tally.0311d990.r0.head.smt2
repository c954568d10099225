; compartment obligation part.tally.0311d990.r0.head
; Rule `yes_votes(t, p) :- vote(t, p, true)` derives `yes_votes` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_t_0 Int)
(declare-const a_p_1 String)
(declare-fun part_Int (Int) Int)
; part.tally.0311d990.r0.head: Rule `yes_votes(t, p) :- vote(t, p, true)` derives `yes_votes` on the partition its key says.
; Policy: abort=txn,commit=txn,decided=txn,vote=txn,yes_count=txn,yes_votes=txn
; Rule 0 (tally): yes_votes(t, p) :- vote(t, p, true)
; a violation
(assert (and true true (not (= (part_Int a_t_0) (part_Int a_t_0)))))
(check-sat)
