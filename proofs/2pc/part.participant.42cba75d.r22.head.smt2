; compartment obligation part.participant.42cba75d.r22.head
; Rule `log(me, t, d) :- decide(co, t, d), self(me)` derives `log` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_co_0 String)
(declare-const a_t_1 Int)
(declare-const a_d_2 String)
(declare-const a_me_3 String)
(declare-const self_node String)
(declare-fun part_Int (Int) Int)
; part.participant.42cba75d.r22.head: Rule `log(me, t, d) :- decide(co, t, d), self(me)` derives `log` on the partition its key says.
; Policy: decide=txn,log=txn,prepare=txn
; Rule 22 (participant): log(me, t, d) :- decide(co, t, d), self(me)
; a violation
(assert (and (= a_me_3 self_node) true (not (= (part_Int a_t_1) (part_Int a_t_1)))))
(check-sat)
