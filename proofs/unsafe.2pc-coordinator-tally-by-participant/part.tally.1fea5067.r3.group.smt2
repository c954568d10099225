; compartment obligation part.tally.1fea5067.r3.group
; In rule `yes_count(t, count<p>) :- yes_votes(t, p)`, all facts of one aggregation group land on one partition.
; expected: sat (refuted)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_t_0 Int)
(declare-const a_p_1 String)
(declare-const b_t_0 Int)
(declare-const b_p_1 String)
(declare-const a_agg_0 Int)
(declare-const b_agg_1 Int)
(declare-fun part_String (String) Int)
; part.tally.1fea5067.r3.group: In rule `yes_count(t, count<p>) :- yes_votes(t, p)`, all facts of one aggregation group land on one partition.
; Policy: tally_vote=participant,yes_votes=participant,decided=txn
; Rule 3 (tally): yes_count(t, count<p>) :- yes_votes(t, p)
; a violation
(assert (and true true (= a_t_0 b_t_0) true true (not (= (part_String a_p_1) (part_String b_p_1)))))
(check-sat)
