; compartment obligation part.acker.f822cff7.r14.head
; Rule `log(p, t, d) :- decide(c, t, p, d), self(me), acker_of(p, me)` derives `log` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_t_1 Int)
(declare-const a_p_2 String)
(declare-const a_d_3 String)
(declare-const a_me_4 String)
(declare-const self_node String)
(declare-fun rel_acker_of (String String) Bool)
(declare-fun part_Int (Int) Int)
; part.acker.f822cff7.r14.head: Rule `log(p, t, d) :- decide(c, t, p, d), self(me), acker_of(p, me)` derives `log` on the partition its key says.
; Policy: decide=txn,log=txn
; Rule 14 (acker): log(p, t, d) :- decide(c, t, p, d), self(me), acker_of(p, me)
; a violation
(assert (and (and (= a_me_4 self_node) (rel_acker_of a_p_2 a_me_4)) true (not (= (part_Int a_t_1) (part_Int a_t_1)))))
(check-sat)
