; compartment obligation fd.any_acc...-.yes
; Every fact of `any_acc` has yes = true: each rule deriving it keeps this, assuming the FDs of its body.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const r76_w_0 Int)
(declare-const r76_w_1 Int)
(declare-const r76_w_2 String)
(declare-const r76_w_3 Int)
(declare-const r76_w_4 String)
; fd.any_acc...-.yes: Every fact of `any_acc` has yes = true: each rule deriving it keeps this, assuming the FDs of its body.
; Assumed FDs: any_acc:()->yes
; case 0: rule 76: any_acc(true) :- accepted(_, _, _, _, _)
; some rule derives a fact that breaks the FD
(assert (and true (not (= true true))))
(check-sat)
