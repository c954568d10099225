; compartment obligation part.acceptor.c30c9b6b.r117.head (certify step 3: partition-partial acceptor)
; Rule `accepted(slot, ballot, client, id, cmd) :+ accepted(slot, ballot, client, id, cmd)` derives `accepted` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_slot_0 Int)
(declare-const a_ballot_1 Int)
(declare-const a_client_2 String)
(declare-const a_id_3 Int)
(declare-const a_cmd_4 String)
(declare-fun part_Int (Int) Int)
; part.acceptor.c30c9b6b.r117.head: Rule `accepted(slot, ballot, client, id, cmd) :+ accepted(slot, ballot, client, id, cmd)` derives `accepted` on the partition its key says.
; Policy: p2a=slot,accepted=slot,top_acc=slot,best=slot,maxb__or=ballot,n_best__or=n,any_acc__or=yes,p1a__to_acceptor=*,ballots=*,maxb=*,promised=*
; Rule 117 (acceptor): accepted(slot, ballot, client, id, cmd) :+ accepted(slot, ballot, client, id, cmd)
; a violation
(assert (and true true (not (= (part_Int a_slot_0) (part_Int a_slot_0)))))
(check-sat)
