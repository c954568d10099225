; compartment obligation part.acceptor.c30c9b6b.r87.group (certify step 3: partition-partial acceptor)
; In rule `top_acc(s, max<b>) :- accepted(s, b, _, _, _)`, all facts of one aggregation group land on one partition.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_s_0 Int)
(declare-const a_b_1 Int)
(declare-const a_w_0 String)
(declare-const a_w_1 Int)
(declare-const a_w_2 String)
(declare-const b_s_0 Int)
(declare-const b_b_1 Int)
(declare-const b_w_3 String)
(declare-const b_w_4 Int)
(declare-const b_w_5 String)
(declare-const a_agg_6 Int)
(declare-const b_agg_7 Int)
(declare-fun part_Int (Int) Int)
; part.acceptor.c30c9b6b.r87.group: In rule `top_acc(s, max<b>) :- accepted(s, b, _, _, _)`, all facts of one aggregation group land on one partition.
; Policy: p2a=slot,accepted=slot,top_acc=slot,best=slot,maxb__or=ballot,n_best__or=n,any_acc__or=yes,p1a__to_acceptor=*,ballots=*,maxb=*,promised=*
; Rule 87 (acceptor): top_acc(s, max<b>) :- accepted(s, b, _, _, _)
; a violation
(assert (and true true (= a_s_0 b_s_0) true true (not (= (part_Int a_s_0) (part_Int b_s_0)))))
(check-sat)
