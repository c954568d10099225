; compartment obligation part.coordinator_outcome.628ccc8e.r9.join (certify step 8: partition-cohash coordinator_outcome)
; In rule `outcome@c(c, t, "abort") :~ finish(t), client_of__via_ack(t, c), !decided__via_ack(t, "commit")`, the joined facts of `finish`, `client_of__via_ack` always land on one partition.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_t_0 Int)
(declare-const a_c_1 String)
(declare-fun part_Int (Int) Int)
; part.coordinator_outcome.628ccc8e.r9.join: In rule `outcome@c(c, t, "abort") :~ finish(t), client_of__via_ack(t, c), !decided__via_ack(t, "commit")`, the joined facts of `finish`, `client_of__via_ack` always land on one partition.
; Policy: ack=txn,ack_count=txn,acks=txn,client_of__via_ack=txn,decided__via_ack=txn,ended=txn,finish=txn,log=txn
; Rule 9 (coordinator_outcome): outcome@c(c, t, "abort") :~ finish(t), client_of__via_ack(t, c), !decided__via_ack(t, "commit")
; a violation
(assert (and true (not (= (part_Int a_t_0) (part_Int a_t_0)))))
(check-sat)
