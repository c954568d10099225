; compartment obligation part.ender.41366be0.r17.head
; Rule `acks(c, t, p, d) :+ acks(c, t, p, d), !ended(t)` derives `acks` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_t_1 Int)
(declare-const a_p_2 String)
(declare-const a_d_3 String)
(declare-fun part_Int (Int) Int)
; part.ender.41366be0.r17.head: Rule `acks(c, t, p, d) :+ acks(c, t, p, d), !ended(t)` derives `acks` on the partition its key says.
; Policy: ack=txn,ack_count=txn,acks=txn,ended=txn,finish=txn,log=txn
; Rule 17 (ender): acks(c, t, p, d) :+ acks(c, t, p, d), !ended(t)
; a violation
(assert (and true true (not (= (part_Int a_t_1) (part_Int a_t_1)))))
(check-sat)
