; compartment obligation part.sender.cb9cc25e.r5.head
; Rule `log(digest) :+ log(digest)` derives `log` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_digest_0 Int)
(declare-fun part_Int (Int) Int)
; part.sender.cb9cc25e.r5.head: Rule `log(digest) :+ log(digest)` derives `log` on the partition its key says.
; Policy: entry=digest,log=digest,submit=hash(hash(hash(payload)))
; Rule 5 (sender): log(digest) :+ log(digest)
; a violation
(assert (and true true (not (= (part_Int a_digest_0) (part_Int a_digest_0)))))
(check-sat)
