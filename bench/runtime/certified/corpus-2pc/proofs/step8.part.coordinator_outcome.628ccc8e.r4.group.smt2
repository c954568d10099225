; compartment obligation part.coordinator_outcome.628ccc8e.r4.group (certify step 8: partition-cohash coordinator_outcome)
; In rule `ack_count(t, count<p>) :- acks(t, p)`, all facts of one aggregation group land on one partition.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_t_0 Int)
(declare-const a_p_1 String)
(declare-const b_t_0 Int)
(declare-const b_p_1 String)
(declare-const a_agg_0 Int)
(declare-const b_agg_1 Int)
(declare-fun part_Int (Int) Int)
; part.coordinator_outcome.628ccc8e.r4.group: In rule `ack_count(t, count<p>) :- acks(t, p)`, all facts of one aggregation group land on one partition.
; Policy: ack=txn,ack_count=txn,acks=txn,client_of__via_ack=txn,decided__via_ack=txn,ended=txn,finish=txn,log=txn
; Rule 4 (coordinator_outcome): ack_count(t, count<p>) :- acks(t, p)
; a violation
(assert (and true true (= a_t_0 b_t_0) true true (not (= (part_Int a_t_0) (part_Int b_t_0)))))
(check-sat)
