; compartment obligation part.receiver.af174021.r6.head
; Rule `got(digest) :+ got(digest)` derives `got` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_digest_0 Int)
(declare-fun part_Int (Int) Int)
; part.receiver.af174021.r6.head: Rule `got(digest) :+ got(digest)` derives `got` on the partition its key says.
; Policy: deliver=digest,got=digest,received=digest
; Rule 6 (receiver): got(digest) :+ got(digest)
; a violation
(assert (and true true (not (= (part_Int a_digest_0) (part_Int a_digest_0)))))
(check-sat)
