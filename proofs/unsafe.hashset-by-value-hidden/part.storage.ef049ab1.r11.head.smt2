; compartment obligation part.storage.ef049ab1.r11.head
; Rule `collisions(c, i, v, count<w>) :- verified(c, i, v, h), hashset(h, w)` derives `collisions` on the partition its key says.
; expected: sat (refuted)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_i_1 Int)
(declare-const a_v_2 String)
(declare-const a_h_3 Int)
(declare-const a_w_4 String)
(declare-fun hash_String (String) Int)
(declare-fun part_String (String) Int)
(declare-const a_agg_0 Int)
(declare-fun loc_collisions (String Int String Int) Int)
; part.storage.ef049ab1.r11.head: Rule `collisions(c, i, v, count<w>) :- verified(c, i, v, h), hashset(h, w)` derives `collisions` on the partition its key says.
; Policy: store=value,verified=value,hashset=value
; Rule 11 (storage): collisions(c, i, v, count<w>) :- verified(c, i, v, h), hashset(h, w)
; Assumed FDs (proved separately): hashset.bucket = hash(value) % buckets; verified.bucket = hash(value) % buckets
; a violation
(assert (and (and (= a_h_3 (trem (hash_String a_v_2) 3)) (= a_h_3 (trem (hash_String a_w_4) 3))) (= (part_String a_v_2) (part_String a_w_4)) (not (= (part_String a_v_2) (loc_collisions a_c_0 a_i_1 a_v_2 a_agg_0)))))
(check-sat)
