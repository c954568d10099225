; compartment obligation part.sender.cb9cc25e.r0.head
; Rule `entry(d) :- submit(p), d = hash(hash(hash(p)))` derives `entry` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_p_0 String)
(declare-const a_d_1 Int)
(declare-fun hash_String (String) Int)
(declare-fun hash_Int (Int) Int)
(declare-fun part_Int (Int) Int)
; part.sender.cb9cc25e.r0.head: Rule `entry(d) :- submit(p), d = hash(hash(hash(p)))` derives `entry` on the partition its key says.
; Policy: entry=digest,log=digest,submit=hash(hash(hash(payload)))
; Rule 0 (sender): entry(d) :- submit(p), d = hash(hash(hash(p)))
; a violation
(assert (and (= a_d_1 (hash_Int (hash_Int (hash_String a_p_0)))) true (not (= (part_Int (hash_Int (hash_Int (hash_String a_p_0)))) (part_Int a_d_1)))))
(check-sat)
