; compartment obligation part.sender.cb9cc25e.r1.head
; Rule `log(d) :+ entry(d)` derives `log` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_d_0 Int)
(declare-fun part_Int (Int) Int)
; part.sender.cb9cc25e.r1.head: Rule `log(d) :+ entry(d)` derives `log` on the partition its key says.
; Policy: entry=digest,log=digest,submit=hash(hash(hash(payload)))
; Rule 1 (sender): log(d) :+ entry(d)
; a violation
(assert (and true true (not (= (part_Int a_d_0) (part_Int a_d_0)))))
(check-sat)
