#!/usr/bin/env bash
# Full MedQuAD import time of one healthqa binary against another, in the
# same run: each round imports the archive into a fresh database with
# both binaries, alternating which goes first, so that the load of a
# shared machine falls on both alike. Prints each run's wall and CPU
# (user+system) seconds, then the medians and the ratio B/A of each.
#
#   bench/import-compare.sh BIN_A BIN_B [ROUNDS] [path-to-MedQuAD-zip]
#
#   e.g. bench/import-compare.sh /work/bin/healthqa /tmp/new-healthqa 5
#
# CPU seconds are the steadier figure on a busy machine: wall time also
# measures the neighbours. Only bash, awk and the binaries are needed.
set -euo pipefail
cd "$(dirname "$0")/.."
a=${1:?usage: bench/import-compare.sh BIN_A BIN_B [ROUNDS] [ZIP]}
b=${2:?usage: bench/import-compare.sh BIN_A BIN_B [ROUNDS] [ZIP]}
rounds=${3:-5}
zip=${4:-../shared/data/MedQuAD-master.zip}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run NAME BIN: one fresh import; appends "NAME wall cpu" to the results.
run() {
  local name=$1 bin=$2 t
  rm -f "$work"/fresh.db*
  TIMEFORMAT='%R %U %S'
  t=$({ time "$bin" import medquad "$zip" --db "$work/fresh.db" >/dev/null 2>"$work/err" || [ $? -eq 3 ]; } 2>&1)
  read -r wall user sys <<<"$t"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  printf '%-2s wall %6.2f s  cpu %6.2f s\n' "$name" "$wall" "$cpu"
  echo "$name $wall $cpu" >>"$work/results"
}

echo "A = $a"
echo "B = $b"
for i in $(seq "$rounds"); do
  if ((i % 2)); then run A "$a"; run B "$b"; else run B "$b"; run A "$a"; fi
done

# median NAME COLUMN
median() {
  awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$work/results" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
aw=$(median A 2) ac=$(median A 3) bw=$(median B 2) bc=$(median B 3)
echo
printf 'median of %d rounds: A wall %.2f s cpu %.2f s; B wall %.2f s cpu %.2f s\n' "$rounds" "$aw" "$ac" "$bw" "$bc"
awk -v aw="$aw" -v ac="$ac" -v bw="$bw" -v bc="$bc" 'BEGIN { printf "B/A: wall %.2f×, cpu %.2f×\n", bw / aw, bc / ac }'
