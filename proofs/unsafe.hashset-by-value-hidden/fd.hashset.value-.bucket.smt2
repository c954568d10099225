; compartment obligation fd.hashset.value-.bucket
; Every fact of `hashset` has bucket = hash(value) % buckets: each rule deriving it keeps this, assuming the FDs of its body.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const r10_c_0 String)
(declare-const r10_i_1 Int)
(declare-const r10_v_2 String)
(declare-const r10_h_3 Int)
(declare-fun hash_String (String) Int)
(declare-const r13_bucket_0 Int)
(declare-const r13_value_1 String)
; fd.hashset.value-.bucket: Every fact of `hashset` has bucket = hash(value) % buckets: each rule deriving it keeps this, assuming the FDs of its body.
; Assumed FDs: hashset:value->bucket, verified:value->bucket
; case 0: rule 10: hashset(h, v) :- verified(c, i, v, h)
; case 1: rule 13: hashset(bucket, value) :+ hashset(bucket, value)
; some rule derives a fact that breaks the FD
(assert (or (and (= r10_h_3 (trem (hash_String r10_v_2) 3)) (not (= r10_h_3 (trem (hash_String r10_v_2) 3)))) (and (= r13_bucket_0 (trem (hash_String r13_value_1) 3)) (not (= r13_bucket_0 (trem (hash_String r13_value_1) 3))))))
(check-sat)
