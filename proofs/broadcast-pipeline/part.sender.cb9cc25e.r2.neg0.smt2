; compartment obligation part.sender.cb9cc25e.r2.neg0
; In rule `deliver@r(d) :~ entry(d), !log(d), receiver(r)`, a fact of `log` that the negation `!log(...)` must see lands on the partition where the rule runs.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_d_0 Int)
(declare-const a_r_1 String)
(declare-fun rel_receiver (String) Bool)
(declare-fun part_Int (Int) Int)
; part.sender.cb9cc25e.r2.neg0: In rule `deliver@r(d) :~ entry(d), !log(d), receiver(r)`, a fact of `log` that the negation `!log(...)` must see lands on the partition where the rule runs.
; Policy: entry=digest,log=digest,submit=hash(hash(hash(payload)))
; Rule 2 (sender): deliver@r(d) :~ entry(d), !log(d), receiver(r)
; a violation
(assert (and (rel_receiver a_r_1) true (not (= (part_Int a_d_0) (part_Int a_d_0)))))
(check-sat)
