; compartment obligation part.acceptor.7e10fed7.r86.head
; Rule `accepted(slot, ballot, client, id, cmd) :+ accepted(slot, ballot, client, id, cmd)` derives `accepted` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_slot_0 Int)
(declare-const a_ballot_1 Int)
(declare-const a_client_2 String)
(declare-const a_id_3 Int)
(declare-const a_cmd_4 String)
(declare-fun loc_accepted (Int Int String Int String) Int)
; part.acceptor.7e10fed7.r86.head: Rule `accepted(slot, ballot, client, id, cmd) :+ accepted(slot, ballot, client, id, cmd)` derives `accepted` on the partition its key says.
; Policy: p2a=slot,ballots=ballot,promised=ballot,top_acc=slot,best=slot,p1a=*
; Rule 86 (acceptor): accepted(slot, ballot, client, id, cmd) :+ accepted(slot, ballot, client, id, cmd)
; Assumed FDs (proved separately): any_acc.yes = true
; a violation
(assert (and true true (not (= (loc_accepted a_slot_0 a_ballot_1 a_client_2 a_id_3 a_cmd_4) (loc_accepted a_slot_0 a_ballot_1 a_client_2 a_id_3 a_cmd_4)))))
(check-sat)
