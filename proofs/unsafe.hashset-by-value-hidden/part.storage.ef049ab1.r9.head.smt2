; compartment obligation part.storage.ef049ab1.r9.head
; Rule `verified(c, i, v, h) :- store(c, i, v, sig), leader(l), sig = sign(l, v), buckets(b), h = hash(v) % b` derives `verified` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_i_1 Int)
(declare-const a_v_2 String)
(declare-const a_sig_3 String)
(declare-const a_l_4 String)
(declare-const a_b_5 Int)
(declare-const a_h_6 Int)
(declare-fun rel_leader (String) Bool)
(declare-fun fn_sign (String String) String)
(declare-fun hash_String (String) Int)
(declare-fun part_String (String) Int)
; part.storage.ef049ab1.r9.head: Rule `verified(c, i, v, h) :- store(c, i, v, sig), leader(l), sig = sign(l, v), buckets(b), h = hash(v) % b` derives `verified` on the partition its key says.
; Policy: store=value,verified=value,hashset=value
; Rule 9 (storage): verified(c, i, v, h) :- store(c, i, v, sig), leader(l), sig = sign(l, v), buckets(b), h = hash(v) % b
; Assumed FDs (proved separately): hashset.bucket = hash(value) % buckets; verified.bucket = hash(value) % buckets
; a violation
(assert (and (and (rel_leader a_l_4) (= a_sig_3 (fn_sign a_l_4 a_v_2)) (= a_b_5 3) (= a_h_6 (trem (hash_String a_v_2) a_b_5))) true (not (= (part_String a_v_2) (part_String a_v_2)))))
(check-sat)
