; compartment obligation part.acceptor.7e10fed7.r60.head
; Rule `top_acc(s, max<b>) :- accepted(s, b, _, _, _)` derives `top_acc` on the partition its key says.
; expected: sat (refuted)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_s_0 Int)
(declare-const a_b_1 Int)
(declare-const a_w_0 String)
(declare-const a_w_1 Int)
(declare-const a_w_2 String)
(declare-fun loc_accepted (Int Int String Int String) Int)
(declare-const a_agg_3 Int)
(declare-fun part_Int (Int) Int)
; part.acceptor.7e10fed7.r60.head: Rule `top_acc(s, max<b>) :- accepted(s, b, _, _, _)` derives `top_acc` on the partition its key says.
; Policy: p2a=slot,ballots=ballot,promised=ballot,top_acc=slot,best=slot,p1a=*
; Rule 60 (acceptor): top_acc(s, max<b>) :- accepted(s, b, _, _, _)
; Assumed FDs (proved separately): any_acc.yes = true
; a violation
(assert (and true true (not (= (loc_accepted a_s_0 a_b_1 a_w_0 a_w_1 a_w_2) (part_Int a_s_0)))))
(check-sat)
