; compartment obligation part.tally.0311d990.r2.head
; Rule `yes_count(t, count<p>) :- yes_votes(t, p)` derives `yes_count` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_t_0 Int)
(declare-const a_p_1 String)
(declare-fun part_Int (Int) Int)
(declare-const a_agg_0 Int)
; part.tally.0311d990.r2.head: Rule `yes_count(t, count<p>) :- yes_votes(t, p)` derives `yes_count` on the partition its key says.
; Policy: abort=txn,commit=txn,decided=txn,vote=txn,yes_count=txn,yes_votes=txn
; Rule 2 (tally): yes_count(t, count<p>) :- yes_votes(t, p)
; a violation
(assert (and true true (not (= (part_Int a_t_0) (part_Int a_t_0)))))
(check-sat)
