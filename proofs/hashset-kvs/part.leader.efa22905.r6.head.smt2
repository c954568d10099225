; compartment obligation part.leader.efa22905.r6.head
; Rule `counts(c, i, v, count<n>) :- acks(c, i, v, n, s)` derives `counts` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_i_1 Int)
(declare-const a_v_2 String)
(declare-const a_n_3 Int)
(declare-const a_s_4 String)
(declare-fun part_Int (Int) Int)
(declare-const a_agg_0 Int)
; part.leader.efa22905.r6.head: Rule `counts(c, i, v, count<n>) :- acks(c, i, v, n, s)` derives `counts` on the partition its key says.
; Policy: ack=id,acks=id,answered=id,complete=id,counts=id
; Rule 6 (leader): counts(c, i, v, count<n>) :- acks(c, i, v, n, s)
; Assumed FDs (proved separately): hashset.bucket = hash(value) % buckets; verified.bucket = hash(value) % buckets
; a violation
(assert (and true true (not (= (part_Int a_i_1) (part_Int a_i_1)))))
(check-sat)
