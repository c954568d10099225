; compartment obligation part.acceptor.7e10fed7.r59.join
; In rule `p2b@p(me, p, b, s, m, c, i, v) :~ p2a(p, b, s, c, i, v), maxb(m), self(me)`, the joined facts of `p2a`, `maxb` always land on one partition.
; expected: sat (refuted)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_p_0 String)
(declare-const a_b_1 Int)
(declare-const a_s_2 Int)
(declare-const a_c_3 String)
(declare-const a_i_4 Int)
(declare-const a_v_5 String)
(declare-const a_m_6 Int)
(declare-const a_me_7 String)
(declare-const self_node String)
(declare-fun part_Int (Int) Int)
(declare-fun loc_maxb (Int) Int)
; part.acceptor.7e10fed7.r59.join: In rule `p2b@p(me, p, b, s, m, c, i, v) :~ p2a(p, b, s, c, i, v), maxb(m), self(me)`, the joined facts of `p2a`, `maxb` always land on one partition.
; Policy: p2a=slot,ballots=ballot,promised=ballot,top_acc=slot,best=slot,p1a=*
; Rule 59 (acceptor): p2b@p(me, p, b, s, m, c, i, v) :~ p2a(p, b, s, c, i, v), maxb(m), self(me)
; Assumed FDs (proved separately): any_acc.yes = true
; a violation
(assert (and (= a_me_7 self_node) (not (= (part_Int a_s_2) (loc_maxb a_m_6)))))
(check-sat)
