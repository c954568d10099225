; compartment obligation part.coordinator_decide.491b6002.r22.join (certify step 9: partition-cohash coordinator_decide)
; In rule `decide@p(me, t, d, client) :~ decision(t, d), participant_ack(p), coordinator(me), client_of__via_vote(t, client)`, the joined facts of `decision`, `client_of__via_vote` always land on one partition.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_t_0 Int)
(declare-const a_d_1 String)
(declare-const a_p_2 String)
(declare-const a_me_3 String)
(declare-const a_client_4 String)
(declare-fun rel_participant_ack (String) Bool)
(declare-fun rel_coordinator (String) Bool)
(declare-fun part_Int (Int) Int)
; part.coordinator_decide.491b6002.r22.join: In rule `decide@p(me, t, d, client) :~ decision(t, d), participant_ack(p), coordinator(me), client_of__via_vote(t, client)`, the joined facts of `decision`, `client_of__via_vote` always land on one partition.
; Policy: client_of__via_vote=txn,decided=txn,decision=txn,log=txn,vote=txn,votes=txn,yes_votes=txn
; Rule 22 (coordinator_decide): decide@p(me, t, d, client) :~ decision(t, d), participant_ack(p), coordinator(me), client_of__via_vote(t, client)
; a violation
(assert (and (and (rel_participant_ack a_p_2) (rel_coordinator a_me_3)) (not (= (part_Int a_t_0) (part_Int a_t_0)))))
(check-sat)
