; compartment obligation part.acceptor.7e10fed7.r65.neg0
; In rule `p1b@p(me, b, m, 0) :~ p1a(p, b), maxb(m), !any_acc(true), self(me)`, a fact of `any_acc` that the negation `!any_acc(...)` must see lands on the partition where the rule runs.
; expected: sat (refuted)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_p_0 String)
(declare-const a_b_1 Int)
(declare-const a_m_2 Int)
(declare-const a_me_3 String)
(declare-const self_node String)
(declare-fun loc_maxb (Int) Int)
(declare-fun loc_any_acc (Bool) Int)
; part.acceptor.7e10fed7.r65.neg0: In rule `p1b@p(me, b, m, 0) :~ p1a(p, b), maxb(m), !any_acc(true), self(me)`, a fact of `any_acc` that the negation `!any_acc(...)` must see lands on the partition where the rule runs.
; Policy: p2a=slot,ballots=ballot,promised=ballot,top_acc=slot,best=slot,p1a=*
; Rule 65 (acceptor): p1b@p(me, b, m, 0) :~ p1a(p, b), maxb(m), !any_acc(true), self(me)
; Assumed FDs (proved separately): any_acc.yes = true
; a violation
(assert (and (= a_me_3 self_node) true (= true true) (not (= (loc_maxb a_m_2) (loc_any_acc true)))))
(check-sat)
