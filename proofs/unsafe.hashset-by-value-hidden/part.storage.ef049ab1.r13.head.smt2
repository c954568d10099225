; compartment obligation part.storage.ef049ab1.r13.head
; Rule `hashset(bucket, value) :+ hashset(bucket, value)` derives `hashset` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_bucket_0 Int)
(declare-const a_value_1 String)
(declare-fun hash_String (String) Int)
(declare-fun part_String (String) Int)
; part.storage.ef049ab1.r13.head: Rule `hashset(bucket, value) :+ hashset(bucket, value)` derives `hashset` on the partition its key says.
; Policy: store=value,verified=value,hashset=value
; Rule 13 (storage): hashset(bucket, value) :+ hashset(bucket, value)
; Assumed FDs (proved separately): hashset.bucket = hash(value) % buckets; verified.bucket = hash(value) % buckets
; a violation
(assert (and (= a_bucket_0 (trem (hash_String a_value_1) 3)) true (not (= (part_String a_value_1) (part_String a_value_1)))))
(check-sat)
