; compartment obligation fd.verified.value-.bucket
; Every fact of `verified` has bucket = hash(value) % buckets: each rule deriving it keeps this, assuming the FDs of its body.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const r9_c_0 String)
(declare-const r9_i_1 Int)
(declare-const r9_v_2 String)
(declare-const r9_sig_3 String)
(declare-const r9_l_4 String)
(declare-const r9_b_5 Int)
(declare-const r9_h_6 Int)
(declare-fun rel_leader (String) Bool)
(declare-fun fn_sign (String String) String)
(declare-fun hash_String (String) Int)
; fd.verified.value-.bucket: Every fact of `verified` has bucket = hash(value) % buckets: each rule deriving it keeps this, assuming the FDs of its body.
; Assumed FDs: hashset:value->bucket, verified:value->bucket
; case 0: rule 9: verified(c, i, v, h) :- store(c, i, v, sig), leader(l), sig = sign(l, v), buckets(b), h = hash(v) % b
; some rule derives a fact that breaks the FD
(assert (and (and (rel_leader r9_l_4) (= r9_sig_3 (fn_sign r9_l_4 r9_v_2)) (= r9_b_5 3) (= r9_h_6 (trem (hash_String r9_v_2) r9_b_5))) (not (= r9_h_6 (trem (hash_String r9_v_2) 3)))))
(check-sat)
