; compartment obligation part.acceptor.7e10fed7.r64.join
; In rule `p1b@p(me, b, m, n) :~ p1a(p, b), maxb(m), n_best(n), self(me)`, the joined facts of `maxb`, `n_best` always land on one partition.
; expected: sat (refuted)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_p_0 String)
(declare-const a_b_1 Int)
(declare-const a_m_2 Int)
(declare-const a_n_3 Int)
(declare-const a_me_4 String)
(declare-const self_node String)
(declare-fun loc_maxb (Int) Int)
(declare-fun loc_n_best (Int) Int)
; part.acceptor.7e10fed7.r64.join: In rule `p1b@p(me, b, m, n) :~ p1a(p, b), maxb(m), n_best(n), self(me)`, the joined facts of `maxb`, `n_best` always land on one partition.
; Policy: p2a=slot,ballots=ballot,promised=ballot,top_acc=slot,best=slot,p1a=*
; Rule 64 (acceptor): p1b@p(me, b, m, n) :~ p1a(p, b), maxb(m), n_best(n), self(me)
; Assumed FDs (proved separately): any_acc.yes = true
; a violation
(assert (and (= a_me_4 self_node) (not (= (loc_maxb a_m_2) (loc_n_best a_n_3)))))
(check-sat)
