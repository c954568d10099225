; compartment obligation part.svc_core.64a49b12.r29.head (certify step 2: partition-partial svc_core)
; Rule `touched(s) :- request__to_svc_core(_, i, _), s = i % 64` derives `touched` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_i_0 Int)
(declare-const a_s_1 Int)
(declare-const a_w_0 String)
(declare-const a_w_1 String)
(declare-fun part_Int (Int) Int)
; part.svc_core.64a49b12.r29.head: Rule `touched(s) :- request__to_svc_core(_, i, _), s = i % 64` derives `touched` on the partition its key says.
; Policy: request__to_svc_core=id % 64,touched=slot,top__or=e,nslots__or=n,any__or=has,epoch__to_svc_core2=*,epochs=*,held=*,top=*
; Rule 29 (svc_core): touched(s) :- request__to_svc_core(_, i, _), s = i % 64
; Assumed FDs (proved separately): any.yes = true; epoch__to_svc_core__busy.yes = true
; a violation
(assert (and (= a_s_1 (trem a_i_0 64)) true (not (= (part_Int (trem a_i_0 64)) (part_Int a_s_1)))))
(check-sat)
