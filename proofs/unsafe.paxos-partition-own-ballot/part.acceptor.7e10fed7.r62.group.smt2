; compartment obligation part.acceptor.7e10fed7.r62.group
; In rule `n_best(count<s>) :- best(s, _, _, _, _)`, all facts of one aggregation group land on one partition.
; expected: sat (refuted)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_s_0 Int)
(declare-const a_w_0 Int)
(declare-const a_w_1 String)
(declare-const a_w_2 Int)
(declare-const a_w_3 String)
(declare-const b_s_0 Int)
(declare-const b_w_4 Int)
(declare-const b_w_5 String)
(declare-const b_w_6 Int)
(declare-const b_w_7 String)
(declare-const a_agg_8 Int)
(declare-const b_agg_9 Int)
(declare-fun part_Int (Int) Int)
; part.acceptor.7e10fed7.r62.group: In rule `n_best(count<s>) :- best(s, _, _, _, _)`, all facts of one aggregation group land on one partition.
; Policy: p2a=slot,ballots=ballot,promised=ballot,top_acc=slot,best=slot,p1a=*
; Rule 62 (acceptor): n_best(count<s>) :- best(s, _, _, _, _)
; Assumed FDs (proved separately): any_acc.yes = true
; a violation
(assert (and true true true true (not (= (part_Int a_s_0) (part_Int b_s_0)))))
(check-sat)
