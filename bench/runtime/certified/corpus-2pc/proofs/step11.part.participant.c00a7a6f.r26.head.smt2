; compartment obligation part.participant.c00a7a6f.r26.head (certify step 11: partition-cohash participant)
; Rule `log(me, t, "prepared") :- prepare(co, t, _), self(me), !no_vote(me, t)` derives `log` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_co_0 String)
(declare-const a_t_1 Int)
(declare-const a_me_2 String)
(declare-const a_w_0 String)
(declare-const self_node String)
(declare-fun rel_no_vote (String Int) Bool)
(declare-fun part_Int (Int) Int)
; part.participant.c00a7a6f.r26.head: Rule `log(me, t, "prepared") :- prepare(co, t, _), self(me), !no_vote(me, t)` derives `log` on the partition its key says.
; Policy: log=txn,prepare=txn
; Rule 26 (participant): log(me, t, "prepared") :- prepare(co, t, _), self(me), !no_vote(me, t)
; a violation
(assert (and (and (= a_me_2 self_node) (not (rel_no_vote a_me_2 a_t_1))) true (not (= (part_Int a_t_1) (part_Int a_t_1)))))
(check-sat)
