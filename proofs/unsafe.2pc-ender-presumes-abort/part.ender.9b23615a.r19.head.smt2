; compartment obligation part.ender.9b23615a.r19.head
; Rule `ack_count(c, t, count<p>) :- acks(c, t, p)` derives `ack_count` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_t_1 Int)
(declare-const a_p_2 String)
(declare-fun part_Int (Int) Int)
(declare-const a_agg_0 Int)
; part.ender.9b23615a.r19.head: Rule `ack_count(c, t, count<p>) :- acks(c, t, p)` derives `ack_count` on the partition its key says.
; Policy: ack=txn,ack_count=txn,acks=txn,committed=txn,ended=txn,finish=txn,log=txn
; Rule 19 (ender): ack_count(c, t, count<p>) :- acks(c, t, p)
; a violation
(assert (and true true (not (= (part_Int a_t_1) (part_Int a_t_1)))))
(check-sat)
