; compartment obligation part.tally.0311d990.r2.group
; In rule `yes_count(t, count<p>) :- yes_votes(t, p)`, all facts of one aggregation group land on one partition.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_t_0 Int)
(declare-const a_p_1 String)
(declare-const b_t_0 Int)
(declare-const b_p_1 String)
(declare-const a_agg_0 Int)
(declare-const b_agg_1 Int)
(declare-fun part_Int (Int) Int)
; part.tally.0311d990.r2.group: In rule `yes_count(t, count<p>) :- yes_votes(t, p)`, all facts of one aggregation group land on one partition.
; Policy: abort=txn,commit=txn,decided=txn,vote=txn,yes_count=txn,yes_votes=txn
; Rule 2 (tally): yes_count(t, count<p>) :- yes_votes(t, p)
; a violation
(assert (and true true (= a_t_0 b_t_0) true true (not (= (part_Int a_t_0) (part_Int b_t_0)))))
(check-sat)
