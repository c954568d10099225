; compartment obligation part.coordinator_outcome.628ccc8e.r4.head (certify step 8: partition-cohash coordinator_outcome)
; Rule `ack_count(t, count<p>) :- acks(t, p)` derives `ack_count` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_t_0 Int)
(declare-const a_p_1 String)
(declare-fun part_Int (Int) Int)
(declare-const a_agg_0 Int)
; part.coordinator_outcome.628ccc8e.r4.head: Rule `ack_count(t, count<p>) :- acks(t, p)` derives `ack_count` on the partition its key says.
; Policy: ack=txn,ack_count=txn,acks=txn,client_of__via_ack=txn,decided__via_ack=txn,ended=txn,finish=txn,log=txn
; Rule 4 (coordinator_outcome): ack_count(t, count<p>) :- acks(t, p)
; a violation
(assert (and true true (not (= (part_Int a_t_0) (part_Int a_t_0)))))
(check-sat)
