; compartment obligation cd.r17.finish.txn.from.client_of
; Wherever `client_of` and `finish` join in rule `outcome@c(c, t, "commit") :~ finish(t), client_of(t, c), decided(t, "commit")`, finish.txn = txn of the `client_of` fact.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_t_0 Int)
(declare-const a_c_1 String)
; cd.r17.finish.txn.from.client_of: Wherever `client_of` and `finish` join in rule `outcome@c(c, t, "commit") :~ finish(t), client_of(t, c), decided(t, "commit")`, finish.txn = txn of the `client_of` fact.
; a join where the function does not hold
(assert (and true (not (= a_t_0 a_t_0))))
(check-sat)
