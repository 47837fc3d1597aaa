#!/bin/sh
# Long run of the seeded reader fuzzer (Tests/StrataDataTests/ReaderFuzzTests.swift).
#
#   scripts/fuzz-readers.sh [ITERATIONS] [SEED]
#
# ITERATIONS (default 20000) mutated CSV files and ITERATIONS/10 mutated
# workbooks are read with DataReader; SEED (default: a new one each run,
# printed) makes a run reproducible. A crash stops the test process: the input
# that crashed is left in ${TMPDIR:-/tmp}/strata-fuzz-current-PID.{csv,xlsx}.
# Errors that are not located are listed with their iteration and seed.
set -eu
cd "$(dirname "$0")/.."
ITERATIONS="${1:-20000}"
SEED="${2:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}"
echo "fuzz-readers: $ITERATIONS iterations, seed $SEED"
STRATA_FUZZ_ITERATIONS="$ITERATIONS" STRATA_FUZZ_SEED="$SEED" \
    swift test -c release --filter ReaderFuzzTests
