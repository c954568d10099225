; compartment obligation part.tally.1fea5067.r2.neg0
; In rule `yes_votes(t, p) :+ yes_votes(t, p), !decided(t)`, a fact of `decided` that the negation `!decided(...)` must see lands on the partition where the rule runs.
; expected: sat (refuted)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_t_0 Int)
(declare-const a_p_1 String)
(declare-fun part_String (String) Int)
(declare-fun part_Int (Int) Int)
; part.tally.1fea5067.r2.neg0: In rule `yes_votes(t, p) :+ yes_votes(t, p), !decided(t)`, a fact of `decided` that the negation `!decided(...)` must see lands on the partition where the rule runs.
; Policy: tally_vote=participant,yes_votes=participant,decided=txn
; Rule 2 (tally): yes_votes(t, p) :+ yes_votes(t, p), !decided(t)
; a violation
(assert (and true true (not (= (part_String a_p_1) (part_Int a_t_0)))))
(check-sat)
