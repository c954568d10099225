; compartment obligation part.leader.efa22905.r3.group
; In rule `answered(c, i, v, count<s>) :- acks(c, i, v, n, s)`, all facts of one aggregation group land on one partition.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_i_1 Int)
(declare-const a_v_2 String)
(declare-const a_n_3 Int)
(declare-const a_s_4 String)
(declare-const b_c_0 String)
(declare-const b_i_1 Int)
(declare-const b_v_2 String)
(declare-const b_n_3 Int)
(declare-const b_s_4 String)
(declare-const a_agg_0 Int)
(declare-const b_agg_1 Int)
(declare-fun part_Int (Int) Int)
; part.leader.efa22905.r3.group: In rule `answered(c, i, v, count<s>) :- acks(c, i, v, n, s)`, all facts of one aggregation group land on one partition.
; Policy: ack=id,acks=id,answered=id,complete=id,counts=id
; Rule 3 (leader): answered(c, i, v, count<s>) :- acks(c, i, v, n, s)
; Assumed FDs (proved separately): hashset.bucket = hash(value) % buckets; verified.bucket = hash(value) % buckets
; a violation
(assert (and true true (= a_c_0 b_c_0) (= a_i_1 b_i_1) (= a_v_2 b_v_2) true true (not (= (part_Int a_i_1) (part_Int b_i_1)))))
(check-sat)
