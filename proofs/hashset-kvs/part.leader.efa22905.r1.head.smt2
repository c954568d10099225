; compartment obligation part.leader.efa22905.r1.head
; Rule `acks(c, i, v, n, s) :- ack(c, i, v, n, s, sig), storage(s), sig = sign_count(s, v, n)` derives `acks` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_i_1 Int)
(declare-const a_v_2 String)
(declare-const a_n_3 Int)
(declare-const a_s_4 String)
(declare-const a_sig_5 String)
(declare-fun fn_sign_count (String String Int) String)
(declare-fun rel_storage (String) Bool)
(declare-fun part_Int (Int) Int)
; part.leader.efa22905.r1.head: Rule `acks(c, i, v, n, s) :- ack(c, i, v, n, s, sig), storage(s), sig = sign_count(s, v, n)` derives `acks` on the partition its key says.
; Policy: ack=id,acks=id,answered=id,complete=id,counts=id
; Rule 1 (leader): acks(c, i, v, n, s) :- ack(c, i, v, n, s, sig), storage(s), sig = sign_count(s, v, n)
; Assumed FDs (proved separately): hashset.bucket = hash(value) % buckets; verified.bucket = hash(value) % buckets
; a violation
(assert (and (and (= a_sig_5 (fn_sign_count a_s_4 a_v_2 a_n_3)) (rel_storage a_s_4)) true (not (= (part_Int a_i_1) (part_Int a_i_1)))))
(check-sat)
