; compartment obligation part.acceptor.7e10fed7.r54.head
; Rule `ballots(b) :- p2a(_, b, _, _, _, _)` derives `ballots` on the partition its key says.
; expected: sat (refuted)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_b_0 Int)
(declare-const a_w_0 String)
(declare-const a_w_1 Int)
(declare-const a_w_2 String)
(declare-const a_w_3 Int)
(declare-const a_w_4 String)
(declare-fun part_Int (Int) Int)
; part.acceptor.7e10fed7.r54.head: Rule `ballots(b) :- p2a(_, b, _, _, _, _)` derives `ballots` on the partition its key says.
; Policy: p2a=slot,ballots=ballot,promised=ballot,top_acc=slot,best=slot,p1a=*
; Rule 54 (acceptor): ballots(b) :- p2a(_, b, _, _, _, _)
; Assumed FDs (proved separately): any_acc.yes = true
; a violation
(assert (and true true (not (= (part_Int a_w_1) (part_Int a_b_0)))))
(check-sat)
