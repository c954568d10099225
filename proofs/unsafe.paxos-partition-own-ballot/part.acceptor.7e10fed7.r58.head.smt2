; compartment obligation part.acceptor.7e10fed7.r58.head
; Rule `accepted(s, b, c, i, v) :+ p2a(_, b, s, c, i, v), maxb(b)` derives `accepted` on the partition its key says.
; expected: sat (refuted)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_b_0 Int)
(declare-const a_s_1 Int)
(declare-const a_c_2 String)
(declare-const a_i_3 Int)
(declare-const a_v_4 String)
(declare-const a_w_0 String)
(declare-fun part_Int (Int) Int)
(declare-fun loc_maxb (Int) Int)
(declare-fun loc_accepted (Int Int String Int String) Int)
; part.acceptor.7e10fed7.r58.head: Rule `accepted(s, b, c, i, v) :+ p2a(_, b, s, c, i, v), maxb(b)` derives `accepted` on the partition its key says.
; Policy: p2a=slot,ballots=ballot,promised=ballot,top_acc=slot,best=slot,p1a=*
; Rule 58 (acceptor): accepted(s, b, c, i, v) :+ p2a(_, b, s, c, i, v), maxb(b)
; Assumed FDs (proved separately): any_acc.yes = true
; a violation
(assert (and true (= (part_Int a_s_1) (loc_maxb a_b_0)) (not (= (part_Int a_s_1) (loc_accepted a_s_1 a_b_0 a_c_2 a_i_3 a_v_4)))))
(check-sat)
