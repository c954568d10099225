; compartment obligation cd.r64.asked.ballot.from.total
; Wherever `total` and `asked` join in rule `p1b@p(a, b, m, t) :~ all_voted(b), asked(p, b), vote_max(b, m), total(b, t), self(me), coord_of(me, a)`, asked.ballot = ballot of the `total` fact.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_b_0 Int)
(declare-const a_p_1 String)
(declare-const a_m_2 Int)
(declare-const a_t_3 Int)
(declare-const a_me_4 String)
(declare-const a_a_5 String)
(declare-const self_node String)
(declare-fun rel_coord_of (String String) Bool)
; cd.r64.asked.ballot.from.total: Wherever `total` and `asked` join in rule `p1b@p(a, b, m, t) :~ all_voted(b), asked(p, b), vote_max(b, m), total(b, t), self(me), coord_of(me, a)`, asked.ballot = ballot of the `total` fact.
; a join where the function does not hold
(assert (and (and (= a_me_4 self_node) (rel_coord_of a_me_4 a_a_5)) (not (= a_b_0 a_b_0))))
(check-sat)
