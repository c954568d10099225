; compartment obligation part.acceptor.c30c9b6b.r85.head (certify step 3: partition-partial acceptor)
; Rule `accepted(s, b, c, i, v) :+ p2a(_, b, s, c, i, v), maxb(b)` derives `accepted` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_b_0 Int)
(declare-const a_s_1 Int)
(declare-const a_c_2 String)
(declare-const a_i_3 Int)
(declare-const a_v_4 String)
(declare-const a_w_0 String)
(declare-fun part_Int (Int) Int)
; part.acceptor.c30c9b6b.r85.head: Rule `accepted(s, b, c, i, v) :+ p2a(_, b, s, c, i, v), maxb(b)` derives `accepted` on the partition its key says.
; Policy: p2a=slot,accepted=slot,top_acc=slot,best=slot,maxb__or=ballot,n_best__or=n,any_acc__or=yes,p1a__to_acceptor=*,ballots=*,maxb=*,promised=*
; Rule 85 (acceptor): accepted(s, b, c, i, v) :+ p2a(_, b, s, c, i, v), maxb(b)
; a violation
(assert (and true true (not (= (part_Int a_s_1) (part_Int a_s_1)))))
(check-sat)
