; compartment obligation part.coordinator_decide.491b6002.r18.neg0 (certify step 9: partition-cohash coordinator_decide)
; In rule `decision(t, "commit") :- yes_votes(t, n), participants(n), !decided(t, _)`, a fact of `decided` that the negation `!decided(...)` must see lands on the partition where the rule runs.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_t_0 Int)
(declare-const a_n_1 Int)
(declare-const a_w_0 String)
(declare-fun part_Int (Int) Int)
; part.coordinator_decide.491b6002.r18.neg0: In rule `decision(t, "commit") :- yes_votes(t, n), participants(n), !decided(t, _)`, a fact of `decided` that the negation `!decided(...)` must see lands on the partition where the rule runs.
; Policy: client_of__via_vote=txn,decided=txn,decision=txn,log=txn,vote=txn,votes=txn,yes_votes=txn
; Rule 18 (coordinator_decide): decision(t, "commit") :- yes_votes(t, n), participants(n), !decided(t, _)
; a violation
(assert (and true true (not (= (part_Int a_t_0) (part_Int a_t_0)))))
(check-sat)
