; compartment obligation part.participant_ack.f822cff7.r29.head (certify step 12: partition-cohash participant_ack)
; Rule `log(me, t, d) :- decide(co, t, d, _), self(node), participant_ack_of(me, node)` derives `log` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_co_0 String)
(declare-const a_t_1 Int)
(declare-const a_d_2 String)
(declare-const a_node_3 String)
(declare-const a_me_4 String)
(declare-const a_w_0 String)
(declare-const self_node String)
(declare-fun rel_participant_ack_of (String String) Bool)
(declare-fun part_Int (Int) Int)
; part.participant_ack.f822cff7.r29.head: Rule `log(me, t, d) :- decide(co, t, d, _), self(node), participant_ack_of(me, node)` derives `log` on the partition its key says.
; Policy: decide=txn,log=txn
; Rule 29 (participant_ack): log(me, t, d) :- decide(co, t, d, _), self(node), participant_ack_of(me, node)
; a violation
(assert (and (and (= a_node_3 self_node) (rel_participant_ack_of a_me_4 a_node_3)) true (not (= (part_Int a_t_1) (part_Int a_t_1)))))
(check-sat)
