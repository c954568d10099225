; compartment obligation part.p2b_proxy.8cd6d410.r54.head (certify step 5: partition-cohash p2b_proxy)
; Rule `chosen(b, s, c, i, v) :- votes(b, s, c, i, v, k), quorum(q), k >= q` derives `chosen` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_b_0 Int)
(declare-const a_s_1 Int)
(declare-const a_c_2 String)
(declare-const a_i_3 Int)
(declare-const a_v_4 String)
(declare-const a_k_5 Int)
(declare-const a_q_6 Int)
(declare-fun part_Int (Int) Int)
; part.p2b_proxy.8cd6d410.r54.head: Rule `chosen(b, s, c, i, v) :- votes(b, s, c, i, v, k), quorum(q), k >= q` derives `chosen` on the partition its key says.
; Policy: announced=slot,chosen=slot,p2b=slot,p2b_ok=slot,votes=slot
; Rule 54 (p2b_proxy): chosen(b, s, c, i, v) :- votes(b, s, c, i, v, k), quorum(q), k >= q
; a violation
(assert (and (>= a_k_5 a_q_6) true (not (= (part_Int a_s_1) (part_Int a_s_1)))))
(check-sat)
