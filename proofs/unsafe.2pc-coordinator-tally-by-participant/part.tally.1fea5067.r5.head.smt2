; compartment obligation part.tally.1fea5067.r5.head
; Rule `commit(t) :- yes_count(t, n), size(n), !decided(t)` derives `commit` on the partition its key says.
; expected: sat (refuted)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_t_0 Int)
(declare-const a_n_1 Int)
(declare-fun loc_yes_count (Int Int) Int)
(declare-fun loc_commit (Int) Int)
; part.tally.1fea5067.r5.head: Rule `commit(t) :- yes_count(t, n), size(n), !decided(t)` derives `commit` on the partition its key says.
; Policy: tally_vote=participant,yes_votes=participant,decided=txn
; Rule 5 (tally): commit(t) :- yes_count(t, n), size(n), !decided(t)
; a violation
(assert (and true true (not (= (loc_yes_count a_t_0 a_n_1) (loc_commit a_t_0)))))
(check-sat)
