; compartment obligation cd.r11.verified.bucket.from.hashset
; Wherever `hashset` and `verified` join in rule `collisions(c, i, v, count<w>) :- verified(c, i, v, h), hashset(h, w)`, verified.bucket = bucket of the `hashset` fact.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_i_1 Int)
(declare-const a_v_2 String)
(declare-const a_h_3 Int)
(declare-const a_w_4 String)
(declare-fun hash_String (String) Int)
; cd.r11.verified.bucket.from.hashset: Wherever `hashset` and `verified` join in rule `collisions(c, i, v, count<w>) :- verified(c, i, v, h), hashset(h, w)`, verified.bucket = bucket of the `hashset` fact.
; a join where the function does not hold
(assert (and (and (= a_h_3 (trem (hash_String a_v_2) 3)) (= a_h_3 (trem (hash_String a_w_4) 3))) (not (= a_h_3 a_h_3))))
(check-sat)
