; compartment obligation part.ender.9b23615a.r24.join
; In rule `outcome@c(c, t, "commit") :~ finish(c, t), committed(t)`, the joined facts of `finish`, `committed` always land on one partition.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_t_1 Int)
(declare-fun part_Int (Int) Int)
; part.ender.9b23615a.r24.join: In rule `outcome@c(c, t, "commit") :~ finish(c, t), committed(t)`, the joined facts of `finish`, `committed` always land on one partition.
; Policy: ack=txn,ack_count=txn,acks=txn,committed=txn,ended=txn,finish=txn,log=txn
; Rule 24 (ender): outcome@c(c, t, "commit") :~ finish(c, t), committed(t)
; a violation
(assert (and true (not (= (part_Int a_t_1) (part_Int a_t_1)))))
(check-sat)
