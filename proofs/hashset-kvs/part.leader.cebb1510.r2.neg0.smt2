; compartment obligation part.leader.cebb1510.r2.neg0
; In rule `acks(c, i, v, n, s) :+ acks(c, i, v, n, s), !complete(c, i, v)`, a fact of `complete` that the negation `!complete(...)` must see lands on the partition where the rule runs.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_i_1 Int)
(declare-const a_v_2 String)
(declare-const a_n_3 Int)
(declare-const a_s_4 String)
(declare-fun part_String (String) Int)
; part.leader.cebb1510.r2.neg0: In rule `acks(c, i, v, n, s) :+ acks(c, i, v, n, s), !complete(c, i, v)`, a fact of `complete` that the negation `!complete(...)` must see lands on the partition where the rule runs.
; Policy: ack=client,acks=client,answered=client,complete=client,counts=client
; Rule 2 (leader): acks(c, i, v, n, s) :+ acks(c, i, v, n, s), !complete(c, i, v)
; Assumed FDs (proved separately): hashset.bucket = hash(value) % buckets; verified.bucket = hash(value) % buckets
; a violation
(assert (and true true (not (= (part_String a_c_0) (part_String a_c_0)))))
(check-sat)
