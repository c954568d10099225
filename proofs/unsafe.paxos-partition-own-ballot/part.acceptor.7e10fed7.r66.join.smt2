; compartment obligation part.acceptor.7e10fed7.r66.join
; In rule `p1b_val@p(me, b, s, vb, c, i, v) :~ p1a(p, b), maxb(b), best(s, vb, c, i, v), self(me)`, the joined facts of `maxb`, `best` always land on one partition.
; expected: sat (refuted)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_p_0 String)
(declare-const a_b_1 Int)
(declare-const a_s_2 Int)
(declare-const a_vb_3 Int)
(declare-const a_c_4 String)
(declare-const a_i_5 Int)
(declare-const a_v_6 String)
(declare-const a_me_7 String)
(declare-const self_node String)
(declare-fun loc_maxb (Int) Int)
(declare-fun part_Int (Int) Int)
; part.acceptor.7e10fed7.r66.join: In rule `p1b_val@p(me, b, s, vb, c, i, v) :~ p1a(p, b), maxb(b), best(s, vb, c, i, v), self(me)`, the joined facts of `maxb`, `best` always land on one partition.
; Policy: p2a=slot,ballots=ballot,promised=ballot,top_acc=slot,best=slot,p1a=*
; Rule 66 (acceptor): p1b_val@p(me, b, s, vb, c, i, v) :~ p1a(p, b), maxb(b), best(s, vb, c, i, v), self(me)
; Assumed FDs (proved separately): any_acc.yes = true
; a violation
(assert (and (= a_me_7 self_node) (not (= (loc_maxb a_b_1) (part_Int a_s_2)))))
(check-sat)
