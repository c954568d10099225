; compartment obligation part.tally.1fea5067.r6.head
; Rule `abort(t) :- tally_vote(t, _, false), !decided(t)` derives `abort` on the partition its key says.
; expected: sat (refuted)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_t_0 Int)
(declare-const a_w_0 String)
(declare-fun part_String (String) Int)
(declare-fun loc_abort (Int) Int)
; part.tally.1fea5067.r6.head: Rule `abort(t) :- tally_vote(t, _, false), !decided(t)` derives `abort` on the partition its key says.
; Policy: tally_vote=participant,yes_votes=participant,decided=txn
; Rule 6 (tally): abort(t) :- tally_vote(t, _, false), !decided(t)
; a violation
(assert (and true true (not (= (part_String a_w_0) (loc_abort a_t_0)))))
(check-sat)
