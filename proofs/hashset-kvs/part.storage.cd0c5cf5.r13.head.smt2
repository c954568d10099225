; compartment obligation part.storage.cd0c5cf5.r13.head
; Rule `hashset(bucket, value) :+ hashset(bucket, value)` derives `hashset` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_bucket_0 Int)
(declare-const a_value_1 String)
(declare-fun hash_String (String) Int)
(declare-fun part_Int (Int) Int)
; part.storage.cd0c5cf5.r13.head: Rule `hashset(bucket, value) :+ hashset(bucket, value)` derives `hashset` on the partition its key says.
; Policy: collisions=hash(value) % buckets,hashset=bucket,store=hash(value) % buckets,verified=bucket
; Rule 13 (storage): hashset(bucket, value) :+ hashset(bucket, value)
; Assumed FDs (proved separately): hashset.bucket = hash(value) % buckets; verified.bucket = hash(value) % buckets
; a violation
(assert (and (= a_bucket_0 (trem (hash_String a_value_1) 3)) true (not (= (part_Int a_bucket_0) (part_Int a_bucket_0)))))
(check-sat)
