; compartment obligation part.p2b_proxy.8cd6d410.r55.neg0 (certify step 5: partition-cohash p2b_proxy)
; In rule `decision@r(s, c, i, v) :~ chosen(b, s, c, i, v), !announced(b, s), replica(r)`, a fact of `announced` that the negation `!announced(...)` must see lands on the partition where the rule runs.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_b_0 Int)
(declare-const a_s_1 Int)
(declare-const a_c_2 String)
(declare-const a_i_3 Int)
(declare-const a_v_4 String)
(declare-const a_r_5 String)
(declare-fun rel_replica (String) Bool)
(declare-fun part_Int (Int) Int)
; part.p2b_proxy.8cd6d410.r55.neg0: In rule `decision@r(s, c, i, v) :~ chosen(b, s, c, i, v), !announced(b, s), replica(r)`, a fact of `announced` that the negation `!announced(...)` must see lands on the partition where the rule runs.
; Policy: announced=slot,chosen=slot,p2b=slot,p2b_ok=slot,votes=slot
; Rule 55 (p2b_proxy): decision@r(s, c, i, v) :~ chosen(b, s, c, i, v), !announced(b, s), replica(r)
; a violation
(assert (and (rel_replica a_r_5) true (not (= (part_Int a_s_1) (part_Int a_s_1)))))
(check-sat)
