; compartment obligation part.p2b_proxy.8cd6d410.r56.head (certify step 5: partition-cohash p2b_proxy)
; Rule `announced(b, s) :+ chosen(b, s, _, _, _)` derives `announced` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_b_0 Int)
(declare-const a_s_1 Int)
(declare-const a_w_0 String)
(declare-const a_w_1 Int)
(declare-const a_w_2 String)
(declare-fun part_Int (Int) Int)
; part.p2b_proxy.8cd6d410.r56.head: Rule `announced(b, s) :+ chosen(b, s, _, _, _)` derives `announced` on the partition its key says.
; Policy: announced=slot,chosen=slot,p2b=slot,p2b_ok=slot,votes=slot
; Rule 56 (p2b_proxy): announced(b, s) :+ chosen(b, s, _, _, _)
; a violation
(assert (and true true (not (= (part_Int a_s_1) (part_Int a_s_1)))))
(check-sat)
