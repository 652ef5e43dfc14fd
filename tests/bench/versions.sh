#!/usr/bin/env bash
# Versions benchmark: status, verify and log on the example plan with one
# approved version and with VERSIONS (default 50), each a small change
# approved by its own signature; each command side by side with itself on one
# version. Best of 3 wall times.
set -euo pipefail

SAKRA=${1:?usage: versions.sh /path/to/sakra}
N=${VERSIONS:-50}
BENCH=versions
. "$(dirname "$0")/lib.sh"

"$SAKRA" keygen --quiet --name Bench --role ansvarig-forestandare -o "$WORK/bench" --no-passphrase
# plan DIR K: the example plan with the key, approved K times
plan() {
	cp -r "$FIX/example-plan" "$1"
	cp "$WORK/bench.pub" "$1/keys/"
	git -C "$1" init -q
	git -C "$1" add -A
	git -C "$1" commit -qm bench
	for i in $(seq 1 "$2"); do
		[ "$i" = 1 ] || { echo "Ändring $i." >>"$1/plan/01-anvandningsandamal.md"; git -C "$1" commit -qam "ändring $i"; }
		"$SAKRA" -C "$1" approve --quiet --key "$WORK/bench.key" --decision "bench $i"
	done
}
echo "approving $N versions…"
plan "$WORK/one" 1
plan "$WORK/many" "$N"
sync   # the approvals' writes on disk before anything is timed

printf '\n%-32s %10s %10s %8s\n' "" "1 version" "$N versions" "ratio"
for cmd in status verify log; do
	one=$(best 3 "$SAKRA" -C "$WORK/one" "$cmd")
	many=$(best 3 "$SAKRA" -C "$WORK/many" "$cmd")
	printf '%-32s %10s %10s %8.2f\n' "sakra $cmd" "$one" "$many" "$(awk -v a="$many" -v b="$one" 'BEGIN{print a/b}')"
done
echo "(goal: $N versions within 2× one version)"
