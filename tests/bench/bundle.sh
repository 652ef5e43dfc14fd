#!/usr/bin/env bash
# Bundle benchmark: a plan whose evidence holds BENCH_BUNDLE_MB (default
# 2048) MiB of incompressible attachments (scans, exports), approved, then
# `sakra bundle` to an age recipient side by side with the pipeline
# `tar c | age -r` of the same files (and the same followed by sync, since
# sakra syncs its output before naming it). Wall time (best of 3) and peak
# RSS. sakra hashes every file as it writes it and compares it with the
# signed manifest, which approve remembered; the second sakra row is the
# same without that (SAKRA_CACHE=off): the manifest computed from every
# blob first, as on a machine that never saw the version.
set -euo pipefail

SAKRA=${1:?usage: bundle.sh /path/to/sakra}
MB=${BENCH_BUNDLE_MB:-2048}
BENCH=bundle
. "$(dirname "$0")/lib.sh"

n=16
each=$((MB / n))
echo "generating a plan with $n attachments of $each MiB ($((n * each)) MiB)…"
cp -r "$FIX/example-plan" "$WORK/plan"
list=""
for i in $(seq -w 1 $n); do
	head -c $((each * 1048576)) /dev/urandom >"$WORK/plan/evidence/2026/skanning-$i.bin"
	list="$list${list:+, }skanning-$i.bin"
done
cat >"$WORK/plan/evidence/2026/skanningar-2026-11-01.md" <<MD
---
title: "Inskannade avtal och loggexporter"
classification: icke-offentlig
evidence:
  type: granskning
  date: 2026-11-01
  covers: ["6.4"]
  attachments: [$list]
---

Inskannade avtal och loggexporter från november.
MD
"$SAKRA" keygen --quiet --name Bench --role ansvarig-forestandare -o "$WORK/bench" --no-passphrase
cp "$WORK/bench.pub" "$WORK/plan/keys/"
git -C "$WORK/plan" init -q
git -C "$WORK/plan" add -A
git -C "$WORK/plan" commit -qm bench
"$SAKRA" -C "$WORK/plan" approve --quiet --key "$WORK/bench.key" --decision bench
R=$("$SAKRA" keygen --age --quiet -o "$WORK/id.txt")

# measure NAME CMD: best wall time of 3 runs and the peak RSS, in MiB.
measure() {
	local name=$1 best="" rss=0 t r
	shift
	for _ in 1 2 3; do
		rm -f "$WORK/out.age"
		/usr/bin/time -f '%e %M' -o "$WORK/time" "$@" >/dev/null 2>&1 ||
			{ echo "bench: $name failed; nothing is timed" >&2; exit 1; }
		read -r t r <"$WORK/time"
		if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
		[ "$r" -gt "$rss" ] && rss=$r
	done
	printf '%s %s %s\n' "$name" "$best" "$((rss / 1024))"
}

sakra_bundle() { "$SAKRA" -C "$WORK/plan" bundle --quiet --recipient "$R" -o "$WORK/out.age"; }
# the same without the manifest approve remembered: computed from the blobs first
sakra_bundle_cold() { SAKRA_CACHE=off sakra_bundle; }
pipeline() { sh -c "tar -c -C '$WORK/plan' --exclude=.git . | age -r '$R' >'$WORK/out.age'"; }
# sakra syncs its output before giving it its name; the same for the peer
pipeline_sync() { pipeline && sync "$WORK/out.age"; }
export -f sakra_bundle sakra_bundle_cold pipeline pipeline_sync
export SAKRA WORK R

measure pipeline bash -c pipeline >"$WORK/a"
measure pipeline_sync bash -c pipeline_sync >"$WORK/c"
measure sakra bash -c sakra_bundle >"$WORK/b"
measure sakra_cold bash -c sakra_bundle_cold >"$WORK/b2"
read -r _ pt prss <"$WORK/a"
read -r _ yt yrss <"$WORK/c"
read -r _ st srss <"$WORK/b"
read -r _ ct crss <"$WORK/b2"
age -d -i "$WORK/id.txt" "$WORK/out.age" | tar -t >"$WORK/list"
grep -q 'files/evidence/2026/skanning-01.bin$' "$WORK/list"
printf '\n%-44s %8s %9s\n' "bundle of $((n * each)) MiB of evidence" "seconds" "peak RSS"
printf '%-44s %8s %6s MiB\n' "tar c | age -r (the same files)" "$pt" "$prss"
printf '%-44s %8s %6s MiB\n' "tar c | age -r, then sync (durable)" "$yt" "$yrss"
# sakra_row LABEL SECONDS RSS: a sakra row, against both pipelines
sakra_row() {
	printf '%-44s %8s %6s MiB   %.2f× the pipeline, %.2f× with sync\n' "$1" "$2" "$3" \
		"$(awk -v a="$2" -v b="$pt" 'BEGIN{print a/b}')" "$(awk -v a="$2" -v b="$yt" 'BEGIN{print a/b}')"
}
sakra_row "sakra bundle (age, one recipient)" "$st" "$srss"
sakra_row "sakra bundle, manifest not remembered" "$ct" "$crss"
echo "(goal: within 1.0× the pipeline's time, and at most 64 MiB whatever the evidence)"

# The reader's side: sakra verify BUNDLE (decrypts and checks everything,
# writes nothing) and sakra open (the same, and unpacks), against
# decrypting and unpacking with age and tar and checking the files with
# sha256sum -c MANIFEST.
rm -f "$WORK/out.age" && sakra_bundle && mv "$WORK/out.age" "$WORK/b.age"
sakra_verify() { "$SAKRA" verify "$WORK/b.age" --identity "$WORK/id.txt" --key "$WORK/bench.pub" >/dev/null; }
sakra_open() { rm -rf "$WORK/opened"; "$SAKRA" open "$WORK/b.age" --identity "$WORK/id.txt" --key "$WORK/bench.pub" -o "$WORK/opened" >/dev/null; }
by_hand() {
	rm -rf "$WORK/x" && mkdir "$WORK/x" &&
		age -d -i "$WORK/id.txt" "$WORK/b.age" | tar -x -C "$WORK/x" &&
		(cd "$WORK/x"/*/files && sha256sum --quiet --ignore-missing -c ../MANIFEST)
}
export -f sakra_verify sakra_open by_hand
measure by_hand bash -c by_hand >"$WORK/d"
measure verify bash -c sakra_verify >"$WORK/e"
measure open bash -c sakra_open >"$WORK/f"
read -r _ ht hrss <"$WORK/d"
read -r _ vt vrss <"$WORK/e"
read -r _ ot orss <"$WORK/f"
printf '\n%-44s %8s %9s\n' "reading the bundle" "seconds" "peak RSS"
printf '%-44s %8s %6s MiB\n' "age -d | tar x, sha256sum -c MANIFEST" "$ht" "$hrss"
printf '%-44s %8s %6s MiB   %.2f× by hand\n' "sakra verify BUNDLE (writes nothing)" "$vt" "$vrss" \
	"$(awk -v a="$vt" -v b="$ht" 'BEGIN{print a/b}')"
printf '%-44s %8s %6s MiB   %.2f× by hand\n' "sakra open BUNDLE (unpacks, renders the site)" "$ot" "$orss" \
	"$(awk -v a="$ot" -v b="$ht" 'BEGIN{print a/b}')"
echo "(goal: within 0.6× by hand, and at most 64 MiB whatever the evidence)"
