; compartment obligation part.collector.7effd4da.r7.head
; Rule `done(c, i) :- tally(c, i, v, n), size(n)` derives `done` on the partition its key says.
; expected: sat (refuted)
(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))
(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))
(declare-const a_c_0 String)
(declare-const a_i_1 Int)
(declare-const a_v_2 String)
(declare-const a_n_3 Int)
(declare-fun loc_tally (String Int String Int) Int)
(declare-fun loc_done (String Int) Int)
; part.collector.7effd4da.r7.head: Rule `done(c, i) :- tally(c, i, v, n), size(n)` derives `done` on the partition its key says.
; Policy: vote=voter,votes=voter
; Rule 7 (collector): done(c, i) :- tally(c, i, v, n), size(n)
; a violation
(assert (and true true (not (= (loc_tally a_c_0 a_i_1 a_v_2 a_n_3) (loc_done a_c_0 a_i_1)))))
(check-sat)
