; compartment obligation part.leader.2d5e3da3.r5.head
; Rule `replied(client, id) :+ replied(client, id)` derives `replied` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_client_0 String)
(declare-const a_id_1 Int)
(declare-fun part_String (String) Int)
; part.leader.2d5e3da3.r5.head: Rule `replied(client, id) :+ replied(client, id)` derives `replied` on the partition its key says.
; Policy: replied=client,vote=client,votes=client
; Rule 5 (leader): replied(client, id) :+ replied(client, id)
; a violation
(assert (and true true (not (= (part_String a_client_0) (part_String a_client_0)))))
(check-sat)
