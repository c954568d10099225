; compartment obligation part.acceptor.c30c9b6b.r88.join (certify step 3: partition-partial acceptor)
; In rule `best(s, b, c, i, v) :- top_acc(s, b), accepted(s, b, c, i, v)`, the joined facts of `top_acc`, `accepted` always land on one partition.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_s_0 Int)
(declare-const a_b_1 Int)
(declare-const a_c_2 String)
(declare-const a_i_3 Int)
(declare-const a_v_4 String)
(declare-fun part_Int (Int) Int)
; part.acceptor.c30c9b6b.r88.join: In rule `best(s, b, c, i, v) :- top_acc(s, b), accepted(s, b, c, i, v)`, the joined facts of `top_acc`, `accepted` always land on one partition.
; Policy: p2a=slot,accepted=slot,top_acc=slot,best=slot,maxb__or=ballot,n_best__or=n,any_acc__or=yes,p1a__to_acceptor=*,ballots=*,maxb=*,promised=*
; Rule 88 (acceptor): best(s, b, c, i, v) :- top_acc(s, b), accepted(s, b, c, i, v)
; a violation
(assert (and true (not (= (part_Int a_s_0) (part_Int a_s_0)))))
(check-sat)
