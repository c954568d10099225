; compartment obligation part.p2b_proxy.8cd6d410.r77.group
; In rule `votes(b, s, c, i, v, count<a>) :- p2b_ok(a, b, s, c, i, v)`, all facts of one aggregation group land on one partition.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_a_0 String)
(declare-const a_b_1 Int)
(declare-const a_s_2 Int)
(declare-const a_c_3 String)
(declare-const a_i_4 Int)
(declare-const a_v_5 String)
(declare-const b_a_0 String)
(declare-const b_b_1 Int)
(declare-const b_s_2 Int)
(declare-const b_c_3 String)
(declare-const b_i_4 Int)
(declare-const b_v_5 String)
(declare-const a_agg_0 Int)
(declare-const b_agg_1 Int)
(declare-fun part_Int (Int) Int)
; part.p2b_proxy.8cd6d410.r77.group: In rule `votes(b, s, c, i, v, count<a>) :- p2b_ok(a, b, s, c, i, v)`, all facts of one aggregation group land on one partition.
; Policy: announced=slot,chosen=slot,p2b=slot,p2b_ok=slot,votes=slot
; Rule 77 (p2b_proxy): votes(b, s, c, i, v, count<a>) :- p2b_ok(a, b, s, c, i, v)
; Assumed FDs (proved separately): any_acc.yes = true
; a violation
(assert (and true true (= a_b_1 b_b_1) (= a_s_2 b_s_2) (= a_c_3 b_c_3) (= a_i_4 b_i_4) (= a_v_5 b_v_5) true true (not (= (part_Int a_s_2) (part_Int b_s_2)))))
(check-sat)
