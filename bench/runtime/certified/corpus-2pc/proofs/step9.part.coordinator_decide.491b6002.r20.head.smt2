; compartment obligation part.coordinator_decide.491b6002.r20.head (certify step 9: partition-cohash coordinator_decide)
; Rule `log(me, t, d) :- decision(t, d), coordinator(me)` derives `log` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_t_0 Int)
(declare-const a_d_1 String)
(declare-const a_me_2 String)
(declare-fun rel_coordinator (String) Bool)
(declare-fun part_Int (Int) Int)
; part.coordinator_decide.491b6002.r20.head: Rule `log(me, t, d) :- decision(t, d), coordinator(me)` derives `log` on the partition its key says.
; Policy: client_of__via_vote=txn,decided=txn,decision=txn,log=txn,vote=txn,votes=txn,yes_votes=txn
; Rule 20 (coordinator_decide): log(me, t, d) :- decision(t, d), coordinator(me)
; a violation
(assert (and (rel_coordinator a_me_2) true (not (= (part_Int a_t_0) (part_Int a_t_0)))))
(check-sat)
