; compartment obligation part.tally.1fea5067.r8.head
; Rule `decided(t) :+ abort(t)` derives `decided` on the partition its key says.
; expected: sat (refuted)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_t_0 Int)
(declare-fun loc_abort (Int) Int)
(declare-fun part_Int (Int) Int)
; part.tally.1fea5067.r8.head: Rule `decided(t) :+ abort(t)` derives `decided` on the partition its key says.
; Policy: tally_vote=participant,yes_votes=participant,decided=txn
; Rule 8 (tally): decided(t) :+ abort(t)
; a violation
(assert (and true true (not (= (loc_abort a_t_0) (part_Int a_t_0)))))
(check-sat)
