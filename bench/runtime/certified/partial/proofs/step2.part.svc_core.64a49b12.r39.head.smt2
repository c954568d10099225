; compartment obligation part.svc_core.64a49b12.r39.head (certify step 2: partition-partial svc_core)
; Rule `touched(slot) :+ touched(slot)` derives `touched` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_slot_0 Int)
(declare-fun part_Int (Int) Int)
; part.svc_core.64a49b12.r39.head: Rule `touched(slot) :+ touched(slot)` derives `touched` on the partition its key says.
; Policy: request__to_svc_core=id % 64,touched=slot,top__or=e,nslots__or=n,any__or=has,epoch__to_svc_core2=*,epochs=*,held=*,top=*
; Rule 39 (svc_core): touched(slot) :+ touched(slot)
; Assumed FDs (proved separately): any.yes = true; epoch__to_svc_core__busy.yes = true
; a violation
(assert (and true true (not (= (part_Int a_slot_0) (part_Int a_slot_0)))))
(check-sat)
