#!/usr/bin/env sh
# Rewrites and certifies the base programs of the per-rewrite benchmark with
# the rewrite engine (Z3 + the differential tester), one plan per rewrite:
# bench/runtime/plans/NAME.json -> bench/runtime/certified/NAME/ (the rewritten
# program, its deployment, its workload when the base has one, certificate.json,
# proofs). Run after bench/runtime-programs.ts; the benchmark (compartment bench
# rewrites) runs the rewritten output against its base. A verdict other than
# CERTIFIED is printed and the script goes on (the benchmark says which cases
# it is).
#
#     sh bench/runtime-certify.sh             # every case
#     sh bench/runtime-certify.sh partial     # only the cases named
#     sh bench/runtime-certify.sh corpus      # only the corpus suite's engine versions
set -u
cd "$(dirname "$0")/.."
cases=${*:-independent functional monotonic partition dependencies partial}
for name in $cases; do
  [ "$name" = corpus ] && continue
  base=$name
  [ "$name" = dependencies ] && base=partition   # the same base program, partitioned by a function of the payload
  rm -rf "bench/runtime/certified/$name"
  npx compartment certify "bench/runtime/$base-base.ded" --plan "bench/runtime/plans/$name.json" --out "bench/runtime/certified/$name" \
    || echo "bench/runtime-certify.sh: $name: not certified (exit $?)" >&2
done
# The corpus suite's engine-derived scalable versions.
corpus=${*:-corpus}
case " $corpus " in *" corpus "*) ;; *) exit 0 ;; esac
for p in voting 2pc paxos; do
  rm -rf "bench/runtime/certified/corpus-$p"
  how="--auto"
  [ "$p" = paxos ] && how="--plan corpus/plans/paxos-scalable.json"
  npx compartment certify "corpus/$p.ded" $how --out "bench/runtime/certified/corpus-$p" \
    || echo "bench/runtime-certify.sh: corpus $p: not certified (exit $?)" >&2
done
