; compartment obligation cd.r53.cmax.ballot.from.p1a
; Wherever `p1a` and `cmax` join in rule `freeze@q(me, p, b) :~ p1a(p, b), cmax(b), self(me), coord_of(me, a), partition_of(a, _, q)`, cmax.ballot = ballot of the `p1a` fact.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_p_0 String)
(declare-const a_b_1 Int)
(declare-const a_me_2 String)
(declare-const a_a_3 String)
(declare-const a_q_4 String)
(declare-const self_node String)
(declare-fun rel_coord_of (String String) Bool)
(declare-const a_w_0 Int)
(declare-fun rel_partition_of (String Int String) Bool)
; cd.r53.cmax.ballot.from.p1a: Wherever `p1a` and `cmax` join in rule `freeze@q(me, p, b) :~ p1a(p, b), cmax(b), self(me), coord_of(me, a), partition_of(a, _, q)`, cmax.ballot = ballot of the `p1a` fact.
; a join where the function does not hold
(assert (and (and (= a_me_2 self_node) (rel_coord_of a_me_2 a_a_3) (rel_partition_of a_a_3 a_w_0 a_q_4)) (not (= a_b_1 a_b_1))))
(check-sat)
