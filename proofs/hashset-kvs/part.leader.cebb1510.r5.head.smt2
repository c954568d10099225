; compartment obligation part.leader.cebb1510.r5.head
; Rule `complete(c, i, v) :- answered(c, i, v, k), nstorage(k)` derives `complete` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_i_1 Int)
(declare-const a_v_2 String)
(declare-const a_k_3 Int)
(declare-fun part_String (String) Int)
; part.leader.cebb1510.r5.head: Rule `complete(c, i, v) :- answered(c, i, v, k), nstorage(k)` derives `complete` on the partition its key says.
; Policy: ack=client,acks=client,answered=client,complete=client,counts=client
; Rule 5 (leader): complete(c, i, v) :- answered(c, i, v, k), nstorage(k)
; Assumed FDs (proved separately): hashset.bucket = hash(value) % buckets; verified.bucket = hash(value) % buckets
; a violation
(assert (and true true (not (= (part_String a_c_0) (part_String a_c_0)))))
(check-sat)
