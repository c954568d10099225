; compartment obligation part.storage.ef049ab1.r10.head
; Rule `hashset(h, v) :- verified(c, i, v, h)` derives `hashset` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_i_1 Int)
(declare-const a_v_2 String)
(declare-const a_h_3 Int)
(declare-fun hash_String (String) Int)
(declare-fun part_String (String) Int)
; part.storage.ef049ab1.r10.head: Rule `hashset(h, v) :- verified(c, i, v, h)` derives `hashset` on the partition its key says.
; Policy: store=value,verified=value,hashset=value
; Rule 10 (storage): hashset(h, v) :- verified(c, i, v, h)
; Assumed FDs (proved separately): hashset.bucket = hash(value) % buckets; verified.bucket = hash(value) % buckets
; a violation
(assert (and (= a_h_3 (trem (hash_String a_v_2) 3)) true (not (= (part_String a_v_2) (part_String a_v_2)))))
(check-sat)
