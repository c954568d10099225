; compartment obligation part.leader.efa22905.r8.join
; In rule `inconsistent@c(c, i, v) :~ complete(c, i, v), counts(c, i, v, k), k > 1`, the joined facts of `complete`, `counts` always land on one partition.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_i_1 Int)
(declare-const a_v_2 String)
(declare-const a_k_3 Int)
(declare-fun part_Int (Int) Int)
; part.leader.efa22905.r8.join: In rule `inconsistent@c(c, i, v) :~ complete(c, i, v), counts(c, i, v, k), k > 1`, the joined facts of `complete`, `counts` always land on one partition.
; Policy: ack=id,acks=id,answered=id,complete=id,counts=id
; Rule 8 (leader): inconsistent@c(c, i, v) :~ complete(c, i, v), counts(c, i, v, k), k > 1
; Assumed FDs (proved separately): hashset.bucket = hash(value) % buckets; verified.bucket = hash(value) % buckets
; a violation
(assert (and (> a_k_3 1) (not (= (part_Int a_i_1) (part_Int a_i_1)))))
(check-sat)
