; compartment obligation part.ender.41366be0.r18.group
; In rule `ack_count(c, t, d, count<p>) :- acks(c, t, p, d)`, all facts of one aggregation group land on one partition.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_t_1 Int)
(declare-const a_p_2 String)
(declare-const a_d_3 String)
(declare-const b_c_0 String)
(declare-const b_t_1 Int)
(declare-const b_p_2 String)
(declare-const b_d_3 String)
(declare-const a_agg_0 Int)
(declare-const b_agg_1 Int)
(declare-fun part_Int (Int) Int)
; part.ender.41366be0.r18.group: In rule `ack_count(c, t, d, count<p>) :- acks(c, t, p, d)`, all facts of one aggregation group land on one partition.
; Policy: ack=txn,ack_count=txn,acks=txn,ended=txn,finish=txn,log=txn
; Rule 18 (ender): ack_count(c, t, d, count<p>) :- acks(c, t, p, d)
; a violation
(assert (and true true (= a_c_0 b_c_0) (= a_t_1 b_t_1) (= a_d_3 b_d_3) true true (not (= (part_Int a_t_1) (part_Int b_t_1)))))
(check-sat)
