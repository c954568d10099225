; compartment obligation part.tally.1fea5067.r3.head
; Rule `yes_count(t, count<p>) :- yes_votes(t, p)` derives `yes_count` on the partition its key says.
; expected: sat (refuted)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_t_0 Int)
(declare-const a_p_1 String)
(declare-fun part_String (String) Int)
(declare-const a_agg_0 Int)
(declare-fun loc_yes_count (Int Int) Int)
; part.tally.1fea5067.r3.head: Rule `yes_count(t, count<p>) :- yes_votes(t, p)` derives `yes_count` on the partition its key says.
; Policy: tally_vote=participant,yes_votes=participant,decided=txn
; Rule 3 (tally): yes_count(t, count<p>) :- yes_votes(t, p)
; a violation
(assert (and true true (not (= (part_String a_p_1) (loc_yes_count a_t_0 a_agg_0)))))
(check-sat)
