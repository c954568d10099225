; compartment obligation part.acceptor.7e10fed7.r58.join
; In rule `accepted(s, b, c, i, v) :+ p2a(_, b, s, c, i, v), maxb(b)`, the joined facts of `p2a`, `maxb` always land on one partition.
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
; part.acceptor.7e10fed7.r58.join: In rule `accepted(s, b, c, i, v) :+ p2a(_, b, s, c, i, v), maxb(b)`, the joined facts of `p2a`, `maxb` always land on one partition.
; Policy: p2a=slot,ballots=ballot,promised=ballot,top_acc=slot,best=slot,p1a=*
; Rule 58 (acceptor): accepted(s, b, c, i, v) :+ p2a(_, b, s, c, i, v), maxb(b)
; Assumed FDs (proved separately): any_acc.yes = true
; a violation
(assert (and true (not (= (part_Int a_s_1) (loc_maxb a_b_0)))))
(check-sat)
