# End-to-end tests: approval, verify, export, log, diff. Sourced by tests/e2e/run.sh
# with tests/e2e/lib.sh; every test_* function here is one test.

# --- approval --------------------------------------------------------------------

# Manifests are remembered per user (~/.cache/sakra), keyed by commit:
# status and log use them, the signatures are verified all the same, verify
# always computes from the blobs, a damaged entry is recomputed, and a
# bundle made from a remembered manifest is the same bytes as one made
# without.
test_manifest_cache() {
	fresh
	approved_repo "$TMP/mc"
	local c entry
	c=$(git -C "$TMP/mc" rev-parse HEAD)
	entry="$HOME/.cache/sakra/manifests/$c"
	[ -f "$entry" ] || fail "approve did not remember the manifest"
	[ "$(stat -c %a "$entry")" = 600 ] || fail "entry not private"
	run -C "$TMP/mc" bundle --format tar -o "$TMP/warm.tar"
	expect_rc 0
	SAKRA_CACHE=off run -C "$TMP/mc" bundle --format tar -o "$TMP/cold.tar"
	expect_rc 0
	cmp "$TMP/warm.tar" "$TMP/cold.tar" || fail "a remembered manifest gives other bytes"
	# damaged: not used, computed again and remembered whole
	printf 'x' >>"$entry"
	run -C "$TMP/mc" log
	expect_out "version 1 .*approved"
	grep -q 'x$' "$entry" && fail "the damaged entry was kept"
	# forged with the user's rights: the signatures do not match it, so no
	# view shows the version approved; verify, from the blobs, still does
	python3 "$E2E/py/cache_forge.py" "$entry" || fail "forge"
	run -C "$TMP/mc" log
	expect_out "version 1 .*NOT approved"
	run -C "$TMP/mc" bundle --format tar -o "$TMP/forged.tar"
	[ "$RC" != 0 ] || fail "bundled on a forged manifest"
	[ ! -e "$TMP/forged.tar" ] || fail "a bundle was written"
	run -C "$TMP/mc" verify
	expect_rc 0
	SAKRA_CACHE=off run -C "$TMP/mc" log
	expect_out "version 1 .*approved"
	rm -f "$entry"
	run -C "$TMP/mc" status
	expect_rc 0
	[ -f "$entry" ] || fail "not remembered again"
	run -C "$TMP/mc" log
	expect_no_out "NOT approved"
	# someone else's folder is not used, and nothing is written into it
	rm -rf "$HOME/.cache/sakra"
	mkdir -p "$HOME/.cache/sakra" && chmod 777 "$HOME/.cache/sakra"
	run -C "$TMP/mc" log
	expect_out "version 1 .*approved"
	[ ! -e "$HOME/.cache/sakra/manifests" ] || fail "wrote into a folder others may write in"
	rm -rf "$HOME/.cache/sakra"
}

# A part of the plan adopted by a role of its own (approval.scopes): the
# role signs that part's files; its signature holds for later versions as
# long as they are unchanged, in the repository, in a bundle and by hand.
test_approval_scopes() {
	fresh
	new_repo "$TMP/sc"
	key anna ansvarig-forestandare
	key bo styrelse
	cp "$TMP/k/anna.pub" "$TMP/k/bo.pub" "$TMP/sc/keys/"
	sed -i 's/^  required_roles: \[ansvarig-forestandare\]$/&\n  scopes:\n    - role: styrelse\n      files: [plan\/03-allmanna-rutiner.md]/' "$TMP/sc/sakra.yml"
	git -C "$TMP/sc" add -A && git -C "$TMP/sc" commit -qm "styrelsens del"
	run -C "$TMP/sc" check
	expect_rc 0
	# v1: both sign; the board signs its part, not the whole
	run -C "$TMP/sc" approve --key "$TMP/k/anna.key"
	expect_out 'NOT approved: no signature that counts for styrelse \(for its part\)'
	run -C "$TMP/sc" approve --key "$TMP/k/bo.key"
	expect_out '^  signed its part \(SCOPE.styrelse\) by bo \(styrelse\)'
	expect_out 'approved: every required role has signed'
	# v2 leaves chapter 3 as it was: the board's signature holds
	printf '\nEn rad.\n' >>"$TMP/sc/plan/05-utbildning-och-anvisningar.md"
	git -C "$TMP/sc" commit -qam v2
	run -C "$TMP/sc" approve --key "$TMP/k/anna.key"
	expect_out 'signed its part \(SCOPE.styrelse; signed for version 1, unchanged since\) by bo'
	expect_out 'approved: every required role has signed'
	# v3 changes chapter 3: the board must sign again
	printf '\nÄndrad rutin.\n' >>"$TMP/sc/$P3"
	git -C "$TMP/sc" commit -qam v3
	run -C "$TMP/sc" approve --key "$TMP/k/anna.key"
	expect_out 'NOT approved: no signature that counts for styrelse \(for its part\)'
	run -C "$TMP/sc" verify v3
	expect_rc 1
	run -C "$TMP/sc" approve --key "$TMP/k/bo.key"
	expect_out 'approved: every required role has signed'
	# dropping the part needs the board on that very version
	sed -i '/^  scopes:$/,/^      files:/d' "$TMP/sc/sakra.yml"
	printf '\nUtan styrelsen.\n' >>"$TMP/sc/$P3"
	git -C "$TMP/sc" commit -qam v4
	run -C "$TMP/sc" approve --key "$TMP/k/anna.key"
	expect_out 'NOT approved: no signature that counts for styrelse \(for its part, on this version: it changes the approval policy or keys\)'
	# a bundle of v2 carries the part and its signature; both verify
	run -C "$TMP/sc" bundle --rev v2 --format tar -o "$TMP/sc2.tar"
	expect_rc 0
	run verify "$TMP/sc2.tar" --key "$TMP/k/anna.pub" --key "$TMP/k/bo.pub"
	expect_rc 0
	expect_out 'signed its part \(SCOPE.styrelse; signed for version 1, unchanged since\)'
	tar -tf "$TMP/sc2.tar" | grep -q '/SCOPE.styrelse$' || fail "no SCOPE file"
	# by hand, with minisign
	rm -rf "$TMP/sckit"
	run -C "$TMP/sc" export v2 -o "$TMP/sckit"
	expect_rc 0
	(cd "$TMP/sckit" && minisign -Vm SCOPE.styrelse -x SCOPE.styrelse.*.minisig -p keys/bo.pub >/dev/null) ||
		fail "minisign does not verify the board's part"
	grep -q "  $P3\$" "$TMP/sckit/SCOPE.styrelse" || fail "the part names its file"
	grep -q 'minisign -Vm SCOPE.styrelse' "$TMP/sckit/LÄSMIG.txt" || fail "LÄSMIG.txt"
	# a changed SCOPE file, or one signature less, is refused
	tar_edit "$TMP/sc2.tar" "$TMP/sc2-edit.tar" '
for k in d:
    if k.endswith("/SCOPE.styrelse"):
        d[k] = d[k].replace(b"sakra scope 2", b"sakra scope 2 ")'
	run verify "$TMP/sc2-edit.tar"
	expect_rc 1
	expect_err 'SCOPE.styrelse: is not what the signed MANIFEST and sakra.yml give'
	tar_edit "$TMP/sc2.tar" "$TMP/sc2-nosig.tar" '
m[:] = [x for x in m if ".minisig" not in x.name or "SCOPE" not in x.name]'
	run verify "$TMP/sc2-nosig.tar"
	expect_rc 1
	expect_out 'NOT approved: no signature that counts for styrelse'
	# a scope naming a file the plan does not have is an error
	sed -i 's/^  required_roles: \[ansvarig-forestandare\]$/&\n  scopes:\n    - role: styrelse\n      files: [plan\/99-finns-inte.md]/' "$TMP/sc/sakra.yml"
	run -C "$TMP/sc" check
	expect_rc 1
	expect_out "sakra.yml:[0-9]+:1: error: the part of role styrelse names plan/99-finns-inte.md, which the plan does not have \[config.approval\]"
	# and a scope of a region without files, when the framework asks for one
	new_repo "$TMP/sc-rg" region-plan
	sed -i '/^      files: \[plan\/01-informationssakerhetspolicy.md\]$/d' "$TMP/sc-rg/sakra.yml"
	run -C "$TMP/sc-rg" check
	expect_rc 1
	expect_out "error: the scope of 'regionfullmaktige' names no files; list them under 'files:' \[config.approval\]"
	expect_out "error: msb-region: section 1 is adopted by a role of its own .*files: \[plan/01-informationssakerhetspolicy.md\] \} \[config.approval\]"
}
test_approve_verify_export() {
	local cmd
	approved_repo "$TMP/ap"
	expect_out '^anna \(ansvarig-forestandare\) signed commit [0-9a-f]{12} as version 1$'
	expect_out '^  approved: every required role has signed$'
	[ "$(git -C "$TMP/ap" rev-list --count HEAD)" = 2 ] || fail "approve added a commit"
	git -C "$TMP/ap" cat-file -t approved/v1 | grep -q tag || fail "no annotated tag"
	run -C "$TMP/ap" verify
	expect_rc 0
	expect_out '^version 1 \(approved/v1\), commit [0-9a-f]{40}, Solbacka Vård Ab$'
	expect_out '^  signed by anna \(ansvarig-forestandare\) on 2026-11-23 with key [0-9A-F]{16}: Ledningsgruppen 20.11.2026 § 4$'
	run -C "$TMP/ap" export v1 -o "$TMP/kit"
	expect_rc 0
	(cd "$TMP/kit" && minisign -Vm MANIFEST -x MANIFEST.*.minisig -p keys/anna.pub) >"$TMP/mv" 2>&1 ||
		fail "minisign does not verify the exported kit: $(cat "$TMP/mv")"
	grep -q 'Trusted comment: sakra approval version=1 commit=' "$TMP/mv" || fail "trusted comment"
	# the README's command, as written, checks with the reader's own copy
	cmd=$(grep -m1 'minisign -Vm MANIFEST -x MANIFEST.[0-9A-F]*.minisig -p "$HOME/.config/sakra/keyring/2345678-0/anna.pub"' \
		"$TMP/kit/LÄSMIG.txt" | sed 's/^ *//')
	[ -n "$cmd" ] || fail "LÄSMIG.txt lacks the minisign command with the keyring's key"
	(cd "$TMP/kit" && bash -c "$cmd") >/dev/null 2>&1 || fail "the README's minisign command fails"
	rm "$HOME/.config/sakra/keyring/2345678-0/anna.pub"
	(cd "$TMP/kit" && bash -c "$cmd") >/dev/null 2>&1 && fail "the README's command used another key"
	pin_anna
	(cd "$TMP/ap" && sha256sum --quiet -c "$TMP/kit/MANIFEST") || fail "sha256sum -c fails on the checkout"
	echo x >>"$TMP/ap/plan/03-allmanna-rutiner.md"
	(cd "$TMP/ap" && sha256sum --quiet -c "$TMP/kit/MANIFEST" >/dev/null 2>&1) && fail "sha256sum accepts a changed file"
	# Determinism: a fresh clone exports the same manifest bytes.
	git clone -q "$TMP/ap" "$TMP/ap2" && git -C "$TMP/ap2" fetch -q origin 'refs/tags/*:refs/tags/*'
	run -C "$TMP/ap2" export 1 -o "$TMP/kit2"
	cmp -s "$TMP/kit/MANIFEST" "$TMP/kit2/MANIFEST" || fail "manifest differs between clones"
	run -C "$TMP/ap" export v1 -o "$TMP/kit"
	expect_rc 2; expect_err 'already exists'
	# A bare clone verifies.
	git clone -q --bare "$TMP/ap" "$TMP/ap.git"
	run -C "$TMP/ap.git" verify approved/v1
	expect_rc 0
}
test_approve_refusals() {
	approved_repo "$TMP/ap"
	# The same key again.
	run -C "$TMP/ap" approve --key "$TMP/k/anna.key"
	expect_rc 1; expect_err 'has already signed version 1'
	# A dirty working tree.
	echo x >>"$TMP/ap/plan/03-allmanna-rutiner.md"
	run -C "$TMP/ap" approve --key "$TMP/k/anna.key"
	expect_rc 1; expect_err 'not committed'
	# A commit with errors (a placeholder counts for approval).
	git -C "$TMP/ap" checkout -q -- . && printf '\n[fyll i]\n' >>"$TMP/ap/plan/03-allmanna-rutiner.md"
	git -C "$TMP/ap" commit -qam "platshållare"
	run -C "$TMP/ap" approve --key "$TMP/k/anna.key"
	expect_rc 1; expect_err "has 1 error \(placeholders count for approval\); 'sakra check --rev HEAD' lists it"
	# A key whose public half is not in keys/.
	git -C "$TMP/ap" revert --no-edit HEAD >/dev/null
	key eve ansvarig-forestandare
	run -C "$TMP/ap" approve --key "$TMP/k/eve.key"
	expect_rc 1; expect_err 'is not in keys/ of commit'
	[ "$(git -C "$TMP/ap" tag -l 'approved/*' | wc -l)" = 1 ] || fail "a refused approval made a tag"
	# An encrypted key and a wrong passphrase.
	echo rätt >"$TMP/k/pw"; echo fel >"$TMP/k/bad"
	run keygen --name Åsa --role ansvarig-forestandare -o "$TMP/k/asa" --passphrase-file "$TMP/k/pw"
	cp "$TMP/k/asa.pub" "$TMP/ap/keys/" && git -C "$TMP/ap" add keys && git -C "$TMP/ap" commit -qm "Åsa"
	run -C "$TMP/ap" approve --key "$TMP/k/asa.key" --passphrase-file "$TMP/k/bad"
	expect_rc 1; expect_err 'wrong passphrase'
	run -C "$TMP/ap" approve --key "$TMP/k/asa.key" --passphrase-file "$TMP/k/pw"
	expect_rc 0
	expect_out 'signed commit [0-9a-f]{12} as version 2$'
}
test_verify_tampering() {
	approved_repo "$TMP/ap"
	local msg
	msg=$(git -C "$TMP/ap" cat-file tag approved/v1 | sed '1,/^$/d')
	# The tag moved to another commit.
	git -C "$TMP/ap" commit -q --allow-empty -m "senare"
	retag "$TMP/ap" approved/v1 HEAD "$msg"
	run -C "$TMP/ap" verify
	expect_rc 1
	expect_out 'does not count: the signature does not match'
	expect_out 'NOT approved'
	# An edited decision in the tag message.
	retag "$TMP/ap" approved/v1 HEAD~1 "$(sed 's/§ 4/§ 5/' <<<"$msg")"
	run -C "$TMP/ap" verify
	expect_rc 1
	# The signature removed.
	retag "$TMP/ap" approved/v1 HEAD~1 "sakra: approved version 1"
	run -C "$TMP/ap" verify 1
	expect_rc 1
	expect_out 'NOT approved: no signature that counts for ansvarig-forestandare'
	# Back to the original: sound again.
	retag "$TMP/ap" approved/v1 HEAD~1 "$msg"
	run -C "$TMP/ap" verify 1
	expect_rc 0
	run -C "$TMP/ap" verify v7
	expect_rc 1; expect_err "'v7' is not an approved version"
}
# Enough signatures to be verified on every core before they are judged:
# a tampered one among them still fails, as on one thread.
test_verify_tampering_many() {
	approved_repo "$TMP/ap"
	local i msg out1
	for i in 2 3 4 5; do
		printf '\nÄndring %s.\n' "$i" >>"$TMP/ap/$P2"
		git -C "$TMP/ap" commit -qam "ändring $i"
		run -C "$TMP/ap" approve --key "$TMP/k/anna.key" --decision "beslut $i"
		expect_rc 0
	done
	msg=$(git -C "$TMP/ap" cat-file tag approved/v3 | sed '1,/^$/d')
	retag "$TMP/ap" approved/v3 approved/v3^{commit} "$(sed 's/beslut 3/beslut 9/' <<<"$msg")"
	run -C "$TMP/ap" verify 3
	expect_rc 1
	expect_out 'does not count: the signature does not match'
	out1=$OUT
	SAKRA_THREADS=1 run -C "$TMP/ap" verify 3
	expect_rc 1
	[ "$OUT" = "$out1" ] || fail "verify differs on one thread"
	# the versions after it were approved under version 3's policy, which
	# no longer verifies: they do not count either
	run -C "$TMP/ap" verify 4
	expect_rc 1
	expect_out 'does not count: it was made under the approval policy of version 3, but version 2 governs this one'
	run -C "$TMP/ap" log
	expect_out '^version 3 .*NOT approved'
	expect_out '^version 2 .*  approved'
}

test_trust_chain() {
	approved_repo "$TMP/ap"
	key bob ansvarig-forestandare
	# Version 2 adds Bob's key; Bob alone cannot approve it.
	cp "$TMP/k/bob.pub" "$TMP/ap/keys/" && git -C "$TMP/ap" add keys && git -C "$TMP/ap" commit -qm "Bob"
	run -C "$TMP/ap" approve --key "$TMP/k/bob.key"
	expect_rc 0
	expect_out 'does not count: key [0-9A-F]{16} is new in this version'
	expect_out 'NOT approved'
	run -C "$TMP/ap" verify 2
	expect_rc 1
	# Pinned from outside, Bob's key counts.
	run -C "$TMP/ap" verify 2 --key "$TMP/k/bob.pub"
	expect_rc 0
	# Anna, trusted since version 1, approves version 2 too.
	run -C "$TMP/ap" approve --key "$TMP/k/anna.key"
	expect_rc 0
	run -C "$TMP/ap" verify 2
	expect_rc 0
	# Version 3 removes Anna's key: the old policy approves the removal, so
	# her signature still counts on it; from version 4 on it does not.
	git -C "$TMP/ap" rm -q keys/anna.pub && git -C "$TMP/ap" commit -qm "Anna slutar"
	run -C "$TMP/ap" approve --key "$TMP/k/anna.key"
	expect_rc 0
	expect_out 'approved: every required role has signed'
	run -C "$TMP/ap" approve --key "$TMP/k/bob.key"
	expect_rc 0
	run -C "$TMP/ap" verify
	expect_rc 0
	expect_out '^version 3 '
	printf '\nEfter Anna.\n' >>"$TMP/ap/$P2"
	git -C "$TMP/ap" commit -qam v4
	run -C "$TMP/ap" approve --key "$TMP/k/anna.key"
	expect_rc 1
	expect_err 'key [0-9A-F]{16} is not in keys/ of commit'
	run -C "$TMP/ap" approve --key "$TMP/k/bob.key"
	expect_rc 0
	run -C "$TMP/ap" verify 4
	expect_rc 0
	expect_out '^version 4 '
	# four signatures: verified on every core before they are judged, with
	# the verdicts of one thread, pinned keys or not
	local v out1
	for v in 1 2 3 4; do
		for pin in "" "--key $TMP/k/bob.pub"; do
			# shellcheck disable=SC2086
			SAKRA_THREADS=1 run -C "$TMP/ap" verify $v $pin
			out1=$OUT
			# shellcheck disable=SC2086
			run -C "$TMP/ap" verify $v $pin
			[ "$OUT" = "$out1" ] || fail "verify $v $pin differs on one thread"
		done
	done
}
test_required_roles() {
	new_repo "$TMP/ap"
	key anna ansvarig-forestandare
	key dan dataskyddsombud
	cp "$TMP/k/anna.pub" "$TMP/k/dan.pub" "$TMP/ap/keys/"
	sed -i 's/required_roles: \[ansvarig-forestandare\]/required_roles: [ansvarig-forestandare, dataskyddsombud]/' "$TMP/ap/sakra.yml"
	git -C "$TMP/ap" add -A && git -C "$TMP/ap" commit -qm nycklar
	run -C "$TMP/ap" approve --key "$TMP/k/anna.key"
	expect_rc 0
	expect_out 'NOT approved: no signature that counts for dataskyddsombud'
	run -C "$TMP/ap" verify
	expect_rc 1
	run -C "$TMP/ap" approve --key "$TMP/k/dan.key"
	expect_rc 0
	run -C "$TMP/ap" verify
	expect_rc 0
	expect_out 'signed by dan \(dataskyddsombud\)'
}
test_minisign_key_approves() {
	new_repo "$TMP/ap"
	minisign -G -W -p "$TMP/ap/keys/mini.pub" -s "$TMP/mini.key" >/dev/null 2>&1 || fail "minisign -G"
	sed -i '1s/$/ name="Mia Minisign" role=ansvarig-forestandare/' "$TMP/ap/keys/mini.pub"
	git -C "$TMP/ap" add keys && git -C "$TMP/ap" commit -qm mini
	run -C "$TMP/ap" approve --key "$TMP/mini.key"
	expect_rc 0
	run -C "$TMP/ap" verify
	expect_rc 0
	expect_out 'signed by Mia Minisign \(ansvarig-forestandare\)'
}

test_log() {
	approved_repo "$TMP/ap"
	run -C "$TMP/ap" log
	expect_rc 0
	expect_out '^version 1  2026-11-23  commit [0-9a-f]{12}  approved$'
	expect_out '^  anna \(ansvarig-forestandare\) 2026-11-23: Ledningsgruppen 20.11.2026 § 4$'
	expect_out '^  the first approved version: 24 files$'
	# Version 2: a changed chapter, a new key, a removed evidence record.
	key bob ansvarig-forestandare
	cp "$TMP/k/bob.pub" "$TMP/ap/keys/"
	sed -i 's/^Planen gäller en tjänstetillhandahållare/Planen gäller numera en tjänstetillhandahållare/' \
		"$TMP/ap/plan/02-foremal-och-uppdatering.md"
	git -C "$TMP/ap" rm -q evidence/2026/utbildning-2026-05-20.md
	git -C "$TMP/ap" add -A && git -C "$TMP/ap" commit -qm v2
	SAKRA_TODAY=2026-11-25 run -C "$TMP/ap" approve --key "$TMP/k/anna.key"
	expect_rc 0
	run -C "$TMP/ap" log
	expect_rc 0
	[ "$(grep -c '^version' <<<"$OUT")" = 2 ] || fail "two versions expected"
	head -1 <<<"$OUT" | grep -qE '^version 2  2026-11-25  ' || fail "newest first: $(head -1 <<<"$OUT")"
	expect_out '^  3 files changed since version 1:$'
	expect_out '^    \+ keys/bob.pub$'
	expect_out '^    ~ plan/02-foremal-och-uppdatering.md$'
	expect_out '^    - evidence/2026/utbildning-2026-05-20.md$'
	run -C "$TMP/ap" log -n 1
	expect_rc 0
	expect_no_out '^version 1'
	# Cid's key is new in version 3: his signature is listed, and marked.
	key cid ansvarig-forestandare
	cp "$TMP/k/cid.pub" "$TMP/ap/keys/"
	echo >>"$TMP/ap/plan/01-anvandningsandamal.md"
	git -C "$TMP/ap" add -A && git -C "$TMP/ap" commit -qm v3
	run -C "$TMP/ap" approve --key "$TMP/k/cid.key"
	expect_rc 0
	run -C "$TMP/ap" log --format json
	expect_rc 0
	python3 "$E2E/py/log.py" "$OUT" || fail "log JSON is wrong"
	run -C "$TMP/ap" log --format yaml
	expect_rc 2
	# No versions yet.
	new_repo "$TMP/none"
	run -C "$TMP/none" log
	expect_rc 0
	expect_out 'no approved versions yet'
}
test_diff() {
	approved_repo "$TMP/ap"
	local p=$TMP/ap/plan
	# Move 5.2 to a file of its own, retitle 5.1, reclassify chapter 2,
	# add a system, a key, and change sakra.yml.
	printf -- '---\ntitle: "5.2 Bruksanvisningar"\nclassification: icke-offentlig\n---\n\n' >"$p/05x-anvisningar.md"
	sed -n '21,$p' "$p/05-utbildning-och-anvisningar.md" >>"$p/05x-anvisningar.md"
	sed -i '21,$d' "$p/05-utbildning-och-anvisningar.md"
	sed -i 's/^## 5.1 Personalens utbildning /## 5.1 Personalens utbildningar /' "$p/05-utbildning-och-anvisningar.md"
	sed -i 's/^classification: icke-offentlig/classification: sekretessbelagd\nlegal_basis: "JulkL 24 § 1 mom. 7 p."/' "$p/02-foremal-och-uppdatering.md"
	sed -i 's/^Planen gäller en/Planen gäller nu en/' "$p/02-foremal-och-uppdatering.md"
	sed 's/name: .*/name: Nya systemet/' "$TMP/ap/systems/dosportalen.md" >"$TMP/ap/systems/nya.md"
	cp "$TMP/ap/keys/anna.pub" "$TMP/ap/keys/bob.pub"
	echo '# en kommentar' >>"$TMP/ap/sakra.yml"
	run -C "$TMP/ap" diff v1
	expect_rc 0
	expect_out '^Changes from version 1 \([0-9a-f]{12}\) to the working tree$'
	expect_out '^  ~ 5.1 Personalens utbildningar samt .*  plan/05-utbildning-och-anvisningar.md:10  \+1 -1$'
	expect_out '^  ~ 5.2 Informationssystemens bruksanvisningar .*  plan/05x-anvisningar.md:6  moved from plan/05-utbildning-och-anvisningar.md$'
	expect_out '^  \+ plan/05x-anvisningar.md  5.2 Bruksanvisningar  \+[0-9]+ -0$'
	expect_out '^  ~ plan/02-foremal-och-uppdatering.md  2. Föremålet .*  classification icke-offentlig → sekretessbelagd  \+2 -1$'
	expect_out '^  ~ 2 Föremålet för .*  plan/02-foremal-och-uppdatering.md:9  \+1 -1$'
	# the changed lines themselves, in order, under their section
	grep -A2 '^  ~ 2 Föremålet för' <<<"$OUT" | sed -n 2,3p >"$TMP/d-lines"
	printf '      - %s\n      + %s\n' 'Planen gäller en tjänstetillhandahållare inom socialvården.' \
		'Planen gäller nu en tjänstetillhandahållare inom socialvården.' | diff - "$TMP/d-lines" ||
		fail "section 2's changed lines are not shown"
	expect_out '^  \+ systems/nya.md  Nya systemet  \+[0-9]+ -0$'
	expect_out '^  \+ keys/bob.pub$'
	expect_out '^  ~ sakra.yml$'
	expect_out '^3 sections, 2 documents, 1 register entry and 2 other files changed.$'
	run -C "$TMP/ap" diff v1 --stat
	expect_rc 0
	expect_out '^  ~ 2 Föremålet för .*\+1 -1$'
	expect_no_out '^      [-+] '
	# Sections come in the framework's order, before the other groups.
	grep -n '' <<<"$OUT" | grep -E '5\.1 |5\.2 |^[0-9]+:Documents' | cut -d: -f1 | sort -c -n ||
		fail "order"
	expect_no_out '~ plan/05-utbildning-och-anvisningar.md'
	# Committed, approved as version 2: the same changes between versions.
	git -C "$TMP/ap" add -A && git -C "$TMP/ap" commit -qm v2
	run -C "$TMP/ap" approve --key "$TMP/k/anna.key"
	expect_rc 0
	run -C "$TMP/ap" diff 1 approved/v2 --format json
	expect_rc 0
	python3 "$E2E/py/diff.py" "$OUT" || fail "diff JSON is wrong"
	# Revisions work too, and a removed section is shown as removed.
	sed -i '/^## 5.1 /,$d' "$p/05-utbildning-och-anvisningar.md"
	git -C "$TMP/ap" commit -qam "utan 5.1"
	run -C "$TMP/ap" diff HEAD~1 HEAD
	expect_rc 0
	expect_out '^Changes from version 2 \([0-9a-f]{12}\) to HEAD \([0-9a-f]{12}\)$'
	expect_out '^  - 5.1 Personalens utbildningar .*  plan/05-utbildning-och-anvisningar.md:10  \+0 -[0-9]+$'
	run -C "$TMP/ap" diff v2 v2
	expect_rc 0
	expect_out '^No changes.$'
	run -C "$TMP/ap" diff v9
	expect_rc 2
	expect_err 'there is no version 9'
	run -C "$TMP/ap" diff no-such-rev
	expect_rc 2
	expect_err 'no-such-rev'
	run -C "$TMP/ap" diff
	expect_rc 2
}
