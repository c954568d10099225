; compartment obligation part.p2b_proxy.8cd6d410.r53.head (certify step 5: partition-cohash p2b_proxy)
; Rule `votes(b, s, c, i, v, count<a>) :- p2b_ok(a, b, s, c, i, v)` derives `votes` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_a_0 String)
(declare-const a_b_1 Int)
(declare-const a_s_2 Int)
(declare-const a_c_3 String)
(declare-const a_i_4 Int)
(declare-const a_v_5 String)
(declare-fun part_Int (Int) Int)
(declare-const a_agg_0 Int)
; part.p2b_proxy.8cd6d410.r53.head: Rule `votes(b, s, c, i, v, count<a>) :- p2b_ok(a, b, s, c, i, v)` derives `votes` on the partition its key says.
; Policy: announced=slot,chosen=slot,p2b=slot,p2b_ok=slot,votes=slot
; Rule 53 (p2b_proxy): votes(b, s, c, i, v, count<a>) :- p2b_ok(a, b, s, c, i, v)
; a violation
(assert (and true true (not (= (part_Int a_s_2) (part_Int a_s_2)))))
(check-sat)
