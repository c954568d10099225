; compartment obligation part.tally.1fea5067.r1.head
; Rule `yes_votes(t, p) :- tally_vote(t, p, true)` derives `yes_votes` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_t_0 Int)
(declare-const a_p_1 String)
(declare-fun part_String (String) Int)
; part.tally.1fea5067.r1.head: Rule `yes_votes(t, p) :- tally_vote(t, p, true)` derives `yes_votes` on the partition its key says.
; Policy: tally_vote=participant,yes_votes=participant,decided=txn
; Rule 1 (tally): yes_votes(t, p) :- tally_vote(t, p, true)
; a violation
(assert (and true true (not (= (part_String a_p_1) (part_String a_p_1)))))
(check-sat)
