; compartment obligation part.receiver.af174021.r3.neg0
; In rule `received(me, d) :- deliver(d), self(me), !got(d)`, a fact of `got` that the negation `!got(...)` must see lands on the partition where the rule runs.
; expected: unsat (proved)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_d_0 Int)
(declare-const a_me_1 String)
(declare-const self_node String)
(declare-fun part_Int (Int) Int)
; part.receiver.af174021.r3.neg0: In rule `received(me, d) :- deliver(d), self(me), !got(d)`, a fact of `got` that the negation `!got(...)` must see lands on the partition where the rule runs.
; Policy: deliver=digest,got=digest,received=digest
; Rule 3 (receiver): received(me, d) :- deliver(d), self(me), !got(d)
; a violation
(assert (and (= a_me_1 self_node) true (not (= (part_Int a_d_0) (part_Int a_d_0)))))
(check-sat)
