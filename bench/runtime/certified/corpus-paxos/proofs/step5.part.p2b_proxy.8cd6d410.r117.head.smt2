; compartment obligation part.p2b_proxy.8cd6d410.r117.head (certify step 5: partition-cohash p2b_proxy)
; Rule `announced(ballot, slot) :+ announced(ballot, slot)` derives `announced` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_ballot_0 Int)
(declare-const a_slot_1 Int)
(declare-fun part_Int (Int) Int)
; part.p2b_proxy.8cd6d410.r117.head: Rule `announced(ballot, slot) :+ announced(ballot, slot)` derives `announced` on the partition its key says.
; Policy: announced=slot,chosen=slot,p2b=slot,p2b_ok=slot,votes=slot
; Rule 117 (p2b_proxy): announced(ballot, slot) :+ announced(ballot, slot)
; a violation
(assert (and true true (not (= (part_Int a_slot_1) (part_Int a_slot_1)))))
(check-sat)
