; compartment obligation cd.r56.asked.ballot.from.voted
; Wherever `voted` and `asked` join in rule `p1b@p(a, b, m, n) :~ voted(_, _, b, m, n), asked(p, b), !answered(b), self(me), coord_of(me, a)`, asked.ballot = ballot of the `voted` fact.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_b_0 Int)
(declare-const a_m_1 Int)
(declare-const a_n_2 Int)
(declare-const a_p_3 String)
(declare-const a_me_4 String)
(declare-const a_a_5 String)
(declare-const a_w_0 String)
(declare-const a_w_1 Int)
(declare-const self_node String)
(declare-fun rel_coord_of (String String) Bool)
; cd.r56.asked.ballot.from.voted: Wherever `voted` and `asked` join in rule `p1b@p(a, b, m, n) :~ voted(_, _, b, m, n), asked(p, b), !answered(b), self(me), coord_of(me, a)`, asked.ballot = ballot of the `voted` fact.
; a join where the function does not hold
(assert (and (and (= a_me_4 self_node) (rel_coord_of a_me_4 a_a_5)) (not (= a_b_0 a_b_0))))
(check-sat)
