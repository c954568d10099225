; compartment obligation cd.r17.client_of.txn.from.decided
; Wherever `decided` and `client_of` join in rule `outcome@c(c, t, "commit") :~ finish(t), client_of(t, c), decided(t, "commit")`, client_of.txn = txn of the `decided` fact.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_t_0 Int)
(declare-const a_c_1 String)
; cd.r17.client_of.txn.from.decided: Wherever `decided` and `client_of` join in rule `outcome@c(c, t, "commit") :~ finish(t), client_of(t, c), decided(t, "commit")`, client_of.txn = txn of the `decided` fact.
; a join where the function does not hold
(assert (and true (not (= a_t_0 a_t_0))))
(check-sat)
