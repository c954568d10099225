; compartment obligation part.receiver.af174021.r4.head
; Rule `got(d) :+ deliver(d)` derives `got` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_d_0 Int)
(declare-fun part_Int (Int) Int)
; part.receiver.af174021.r4.head: Rule `got(d) :+ deliver(d)` derives `got` on the partition its key says.
; Policy: deliver=digest,got=digest,received=digest
; Rule 4 (receiver): got(d) :+ deliver(d)
; a violation
(assert (and true true (not (= (part_Int a_d_0) (part_Int a_d_0)))))
(check-sat)
