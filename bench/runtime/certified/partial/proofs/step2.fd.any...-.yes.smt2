; compartment obligation fd.any...-.yes (certify step 2: partition-partial svc_core)
; Every fact of `any` has yes = true: each rule deriving it keeps this, assuming the FDs of its body.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const r31_w_0 Int)
; fd.any...-.yes: Every fact of `any` has yes = true: each rule deriving it keeps this, assuming the FDs of its body.
; Assumed FDs: any:()->yes, epoch__to_svc_core__busy:()->yes
; case 0: rule 31: any(true) :- touched(_)
; some rule derives a fact that breaks the FD
(assert (and true (not (= true true))))
(check-sat)
