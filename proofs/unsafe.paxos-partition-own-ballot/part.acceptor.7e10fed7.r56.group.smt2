; compartment obligation part.acceptor.7e10fed7.r56.group
; In rule `maxb(max<b>) :- ballots(b)`, all facts of one aggregation group land on one partition.
; expected: sat (refuted)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_b_0 Int)
(declare-const b_b_0 Int)
(declare-const a_agg_0 Int)
(declare-const b_agg_1 Int)
(declare-fun part_Int (Int) Int)
; part.acceptor.7e10fed7.r56.group: In rule `maxb(max<b>) :- ballots(b)`, all facts of one aggregation group land on one partition.
; Policy: p2a=slot,ballots=ballot,promised=ballot,top_acc=slot,best=slot,p1a=*
; Rule 56 (acceptor): maxb(max<b>) :- ballots(b)
; Assumed FDs (proved separately): any_acc.yes = true
; a violation
(assert (and true true true true (not (= (part_Int a_b_0) (part_Int b_b_0)))))
(check-sat)
