; compartment obligation part.acceptor.7e10fed7.r56.head
; Rule `maxb(max<b>) :- ballots(b)` derives `maxb` on the partition its key says.
; expected: sat (refuted)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_b_0 Int)
(declare-fun part_Int (Int) Int)
(declare-const a_agg_0 Int)
(declare-fun loc_maxb (Int) Int)
; part.acceptor.7e10fed7.r56.head: Rule `maxb(max<b>) :- ballots(b)` derives `maxb` on the partition its key says.
; Policy: p2a=slot,ballots=ballot,promised=ballot,top_acc=slot,best=slot,p1a=*
; Rule 56 (acceptor): maxb(max<b>) :- ballots(b)
; Assumed FDs (proved separately): any_acc.yes = true
; a violation
(assert (and true true (not (= (part_Int a_b_0) (loc_maxb a_agg_0)))))
(check-sat)
