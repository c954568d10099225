; compartment obligation part.acceptor.7e10fed7.r63.head
; Rule `any_acc(true) :- accepted(_, _, _, _, _)` derives `any_acc` on the partition its key says.
; expected: sat (refuted)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_w_0 Int)
(declare-const a_w_1 Int)
(declare-const a_w_2 String)
(declare-const a_w_3 Int)
(declare-const a_w_4 String)
(declare-fun loc_accepted (Int Int String Int String) Int)
(declare-fun loc_any_acc (Bool) Int)
; part.acceptor.7e10fed7.r63.head: Rule `any_acc(true) :- accepted(_, _, _, _, _)` derives `any_acc` on the partition its key says.
; Policy: p2a=slot,ballots=ballot,promised=ballot,top_acc=slot,best=slot,p1a=*
; Rule 63 (acceptor): any_acc(true) :- accepted(_, _, _, _, _)
; Assumed FDs (proved separately): any_acc.yes = true
; a violation
(assert (and true true (not (= (loc_accepted a_w_0 a_w_1 a_w_2 a_w_3 a_w_4) (loc_any_acc true)))))
(check-sat)
