#!/usr/bin/env bash
# Inbox benchmark: a supervisor receives INBOX_ORGS (default 200) bundles,
# one approved version of each of as many organisations, then INBOX_MANY
# (default 10,000) bundles (the same, received again under other names).
# sakra inbox (verify with the keyring, file, overview) side by side with
# the shell loop a supervisor would write: age -d | tar x, then
# sha256sum -c MANIFEST, for each bundle. Wall time and peak RSS.
set -euo pipefail

SAKRA=${1:?usage: inbox.sh /path/to/sakra}
ORGS=${INBOX_ORGS:-200}
MANY=${INBOX_MANY:-10000}
BENCH=inbox
. "$(dirname "$0")/lib.sh"

"$SAKRA" keygen --quiet --name Bench --role ansvarig-forestandare -o "$WORK/bench" --no-passphrase
R=$("$SAKRA" keygen --age --quiet -o "$WORK/id.txt")
mkdir -p "$WORK/in" "$WORK/many" "$WORK/ring"

# A valid Finnish business id for n: seven digits and the check digit.
business_id() {
	local n=$1 d w=(7 9 10 5 8 4 2) sum r
	while :; do
		d=$(printf '%07d' "$n")
		sum=0
		for i in 0 1 2 3 4 5 6; do sum=$((sum + ${d:$i:1} * ${w[$i]})); done
		r=$((sum % 11))
		if [ "$r" != 1 ]; then
			echo "$d-$(( r == 0 ? 0 : 11 - r ))"
			return
		fi
		n=$((n + 1))
	done
}

echo "approving and bundling $ORGS organisations' plans…"
n=3000000
for i in $(seq 1 "$ORGS"); do
	id=$(business_id "$n")
	n=$((10#${id%-*} + 1))
	d=$WORK/org
	rm -rf "$d"
	cp -r "$FIX/example-plan" "$d"
	sed -i "s/business_id: \"2345678-0\"/business_id: \"$id\"/; s/name: \"Solbacka Vård Ab\"/name: \"Vård $i Ab\"/" "$d/sakra.yml"
	cp "$WORK/bench.pub" "$d/keys/"
	git -C "$d" init -q
	git -C "$d" add -A
	git -C "$d" commit -qm bench
	"$SAKRA" -C "$d" approve --quiet --key "$WORK/bench.key" --decision "bench $i"
	"$SAKRA" -C "$d" bundle --quiet --edition tillsyn --recipient "$R" -o "$WORK/in/org-$i.tar.age"
	mkdir -p "$WORK/ring/$id"
	cp "$WORK/bench.pub" "$WORK/ring/$id/"
done
# the same bundles received again and again, under other names
k=0
while [ "$k" -lt "$MANY" ]; do
	for f in "$WORK"/in/*.tar.age; do
		[ "$k" -lt "$MANY" ] || break
		ln "$f" "$WORK/many/$(printf '%05d' "$k")-$(basename "$f")"
		k=$((k + 1))
	done
done
sync

# measure NAME CMD: one run's wall time and peak RSS (MiB).
measure() {
	local name=$1 t r
	shift
	/usr/bin/time -f '%e %M' -o "$WORK/time" "$@" >/dev/null 2>&1 ||
		{ echo "bench: $name failed; nothing is timed" >&2; exit 1; }
	read -r t r <"$WORK/time"
	printf '%s %s\n' "$t" "$((r / 1024))"
}
by_hand() {
	local f x
	for f in "$1"/*; do
		x=$WORK/x
		rm -rf "$x" && mkdir "$x"
		age -d -i "$WORK/id.txt" "$f" | tar -x -C "$x"
		(cd "$x"/*/files && sha256sum --quiet --ignore-missing -c ../MANIFEST)
	done
}
inbox() {
	rm -rf "$WORK/arch"
	"$SAKRA" inbox "$1" --archive "$WORK/arch" --keyring "$WORK/ring" --identity "$WORK/id.txt"
}
export -f by_hand inbox
export WORK SAKRA

printf '\n%-52s %9s %9s\n' "receiving bundles" "seconds" "peak RSS"
for set in in many; do
	count=$(ls "$WORK/$set" | wc -l)
	read -r ht hrss < <(measure by_hand bash -c "by_hand $WORK/$set")
	read -r st srss < <(measure inbox bash -c "inbox $WORK/$set")
	printf '%-52s %9s %5s MiB\n' "$count bundles: age -d | tar x, sha256sum -c (a loop)" "$ht" "$hrss"
	printf '%-52s %9s %5s MiB   %.2f× the loop\n' "$count bundles: sakra inbox (verify, file, overview)" \
		"$st" "$srss" "$(awk -v a="$st" -v b="$ht" 'BEGIN{print a/b}')"
done
echo "(goal: within 0.5× the loop on 2 cores, at most 256 MiB)"
