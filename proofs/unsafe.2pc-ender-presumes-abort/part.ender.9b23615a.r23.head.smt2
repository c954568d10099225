; compartment obligation part.ender.9b23615a.r23.head
; Rule `log(co, t, "end") :- finish(c, t), coordinator(co)` derives `log` on the partition its key says.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_t_1 Int)
(declare-const a_co_2 String)
(declare-fun rel_coordinator (String) Bool)
(declare-fun part_Int (Int) Int)
; part.ender.9b23615a.r23.head: Rule `log(co, t, "end") :- finish(c, t), coordinator(co)` derives `log` on the partition its key says.
; Policy: ack=txn,ack_count=txn,acks=txn,committed=txn,ended=txn,finish=txn,log=txn
; Rule 23 (ender): log(co, t, "end") :- finish(c, t), coordinator(co)
; a violation
(assert (and (rel_coordinator a_co_2) true (not (= (part_Int a_t_1) (part_Int a_t_1)))))
(check-sat)
