; compartment obligation cd.r66.maxb.ballot.from.p1a
; Wherever `p1a` and `maxb` join in rule `p1b_val@p(me, b, s, vb, c, i, v) :~ p1a(p, b), maxb(b), best(s, vb, c, i, v), self(me)`, maxb.ballot = ballot of the `p1a` fact.
; expected: unsat (proved)
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
; cd.r66.maxb.ballot.from.p1a: Wherever `p1a` and `maxb` join in rule `p1b_val@p(me, b, s, vb, c, i, v) :~ p1a(p, b), maxb(b), best(s, vb, c, i, v), self(me)`, maxb.ballot = ballot of the `p1a` fact.
; a join where the function does not hold
(assert (and (= a_me_7 self_node) (not (= a_b_1 a_b_1))))
(check-sat)
