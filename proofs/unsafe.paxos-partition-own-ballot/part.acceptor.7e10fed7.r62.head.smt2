; compartment obligation part.acceptor.7e10fed7.r62.head
; Rule `n_best(count<s>) :- best(s, _, _, _, _)` derives `n_best` on the partition its key says.
; expected: sat (refuted)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_s_0 Int)
(declare-const a_w_0 Int)
(declare-const a_w_1 String)
(declare-const a_w_2 Int)
(declare-const a_w_3 String)
(declare-fun part_Int (Int) Int)
(declare-const a_agg_4 Int)
(declare-fun loc_n_best (Int) Int)
; part.acceptor.7e10fed7.r62.head: Rule `n_best(count<s>) :- best(s, _, _, _, _)` derives `n_best` on the partition its key says.
; Policy: p2a=slot,ballots=ballot,promised=ballot,top_acc=slot,best=slot,p1a=*
; Rule 62 (acceptor): n_best(count<s>) :- best(s, _, _, _, _)
; Assumed FDs (proved separately): any_acc.yes = true
; a violation
(assert (and true true (not (= (part_Int a_s_0) (loc_n_best a_agg_4)))))
(check-sat)
