#!/usr/bin/env bash
# Whole-process decomposition, strata against R, on one file in one run (issue 9):
# 5,000 monthly series × 240 (a 2000-01 … 2019-12 `series,period,value` CSV made
# here by a fixed formula), read CSV → STL (period 12, s.window 7, non-robust) →
# write CSV. Prints the median of 3 runs each (hyperfine when installed) and the ratio.
# Usage (from the repository root, after `swift build -c release`):
#   bash Benchmarks/peers/decompose_e2e.sh [SERIES=5000]
set -euo pipefail
n=${1:-5000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
awk -v n="$n" 'BEGIN { print "series,period,value";
  for (j = 0; j < n; j++) for (t = 0; t < 240; t++) {
    y = 2000 + int(t / 12); m = t % 12 + 1;
    v = 100 + 0.1 * t + 10 * sin(2 * 3.141592653589793 * t / 12) + ((j * 7919 + t * 104729) % 1000) / 100;
    printf "s%d,%d-%02d,%.4f\n", j, y, m, v } }' > "$dir/in.csv"
strata=${STRATA:-.build/release/strata}
[ -x "$strata" ] || { echo "build first: swift build -c release"; exit 1; }
time_cmd() {  # median wall seconds of 3 runs
  local ts=()
  for _ in 1 2 3; do
    local s e; s=$(date +%s.%N); "$@" > /dev/null; e=$(date +%s.%N)
    ts+=("$(echo "$e - $s" | bc -l)")
  done
  printf '%s\n' "${ts[@]}" | sort -n | sed -n 2p
}
echo "file: $(wc -c < "$dir/in.csv") bytes, $n series x 240"
st=$(time_cmd "$strata" decompose "$dir/in.csv" --period 12 --seasonal-window 7)
mem=$( { /usr/bin/time -f %M "$strata" decompose "$dir/in.csv" --period 12 --seasonal-window 7 > /dev/null; } 2>&1 | tail -1)
printf 'strata decompose: %.2f s (median of 3), peak RSS %d MB\n' "$st" "$((mem / 1024))"
if command -v Rscript > /dev/null; then
  rt=$(time_cmd Rscript "$(dirname "$0")/decompose_e2e.R" "$dir/in.csv" "$dir/r.csv")
  printf 'R stl (read.csv, stl, write.csv): %.2f s (median of 3)\n' "$rt"
  printf 'ratio R / strata: %.1fx\n' "$(echo "$rt / $st" | bc -l)"
else
  echo "SKIP R peer (Rscript not installed)"
fi
