# End-to-end tests: who may approve comes from trust — the previous
# approved version's policy and keys, the reader's pinned keys bound to an
# organisation — never from the commit being approved. Each test is an
# attack that a version of sakra judging by the commit itself let through.

# sign_by_hand DIR KEY COMMENT: a minisign signature of HEAD's manifest
# (taken from a draft bundle) with the trusted comment COMMENT, appended to
# the tag approved/vN on HEAD (N from the comment).
sign_by_hand() {
	local dir=$1 key=$2 comment=$3 n msg
	n=$(sed 's/.*version=\([0-9]*\).*/\1/' <<<"$comment")
	rm -f "$TMP/hand.tar" "$TMP/hand.minisig"
	"$SAKRA" -C "$dir" bundle --draft --rev HEAD --format tar -o "$TMP/hand.tar" 2>/dev/null
	tar -xOf "$TMP/hand.tar" --wildcards '*/MANIFEST' >"$TMP/hand.MANIFEST"
	minisign -S -s "$key" -m "$TMP/hand.MANIFEST" -x "$TMP/hand.minisig" -t "$comment" \
		</dev/null >/dev/null
	msg=$(git -C "$dir" cat-file tag "approved/v$n" 2>/dev/null | sed '1,/^$/d' || true)
	retag "$dir" "approved/v$n" HEAD "${msg:-sakra: approved version $n}
$(cat "$TMP/hand.minisig")"
}

# A holder of any registered key edits its own .pub to the approver's role,
# removes the real approver's key and approves alone.
test_authority_self_promotion() {
	fresh
	new_repo "$TMP/sp"
	key anna ansvarig-forestandare
	key ivar it-ansvarig
	cp "$TMP/k/anna.pub" "$TMP/k/ivar.pub" "$TMP/sp/keys/"
	git -C "$TMP/sp" add keys && git -C "$TMP/sp" commit -qm nycklar
	run -C "$TMP/sp" approve --key "$TMP/k/anna.key"
	expect_rc 0
	sed -i '1s/role=it-ansvarig/role=ansvarig-forestandare/' "$TMP/sp/keys/ivar.pub"
	git -C "$TMP/sp" rm -q keys/anna.pub
	git -C "$TMP/sp" commit -qam "Ivar"
	# approve signs with the role the trust chain gives the key
	run -C "$TMP/sp" approve --key "$TMP/k/ivar.key"
	expect_rc 0
	expect_out '^ivar \(it-ansvarig\) signed commit [0-9a-f]{12} as version 2$'
	expect_out 'NOT approved: no signature that counts for ansvarig-forestandare'
	# a signature made by hand, claiming the role his own .pub now names
	local c
	c=$(git -C "$TMP/sp" rev-parse HEAD)
	sign_by_hand "$TMP/sp" "$TMP/k/ivar.key" "sakra approval version=2 commit=$c under=1 org=\"2345678-0\" date=2026-11-23 role=ansvarig-forestandare approver=\"ivar\""
	run -C "$TMP/sp" verify 2
	expect_rc 1
	expect_out 'it claims role ansvarig-forestandare, but key [0-9A-F]{16} has role it-ansvarig in keys/ of the last approved version'
	expect_out 'NOT approved: no signature that counts for ansvarig-forestandare'
	# both keys pinned: the reader's copies give the roles
	run -C "$TMP/sp" verify 2 --key "$TMP/k/anna.pub" --key "$TMP/k/ivar.pub"
	expect_rc 1
	expect_out 'has role it-ansvarig in your pinned copy'
	run -C "$TMP/sp" bundle --rev v2 --format tar -o "$TMP/sp2.tar"
	expect_rc 1
	expect_err 'version 2 is not approved'
	[ ! -e "$TMP/sp2.tar" ] || fail "bundled a version nobody trusted approved"
	# the next version is still governed by version 1: Anna's key was
	# removed by a version that was never approved
	printf '\nRad.\n' >>"$TMP/sp/$P2"
	git -C "$TMP/sp" commit -qam v3
	run -C "$TMP/sp" approve --key "$TMP/k/anna.key"
	expect_rc 0
	expect_out 'approved: every required role has signed'
}

# A scope (part) signature never stands in for a required role, and a
# version that rewrites the policy is judged by the policy before it.
test_authority_scope_is_not_a_required_role() {
	fresh
	new_repo "$TMP/rg" region-plan
	key rd regiondirektor
	key rf regionfullmaktige
	cp "$TMP/k/rd.pub" "$TMP/k/rf.pub" "$TMP/rg/keys/"
	git -C "$TMP/rg" add keys && git -C "$TMP/rg" commit -qm nycklar
	run -C "$TMP/rg" approve --key "$TMP/k/rf.key"
	run -C "$TMP/rg" approve --key "$TMP/k/rd.key"
	expect_rc 0
	expect_out 'approved: every required role has signed'
	# the council's part signature, carried, with the policy rewritten so
	# that the council alone (or nobody) would seem to suffice
	local roles
	for roles in '[regionfullmaktige]' '[]'; do
		git -C "$TMP/rg" checkout -q main
		git -C "$TMP/rg" checkout -q -B "try" main
		sed -i "s/^  required_roles: .*/  required_roles: $roles/" "$TMP/rg/sakra.yml"
		printf '\nRad.\n' >>"$TMP/rg/$(git -C "$TMP/rg" ls-files 'plan/*.md' | tail -1)"
		git -C "$TMP/rg" commit -qam "policy $roles"
		run -C "$TMP/rg" approve --key "$TMP/k/rf.key"
		expect_rc 0
		expect_out 'NOT approved: no signature that counts for regiondirektor'
		run -C "$TMP/rg" verify HEAD
		expect_rc 1
		git -C "$TMP/rg" tag -d "approved/v2" >/dev/null
	done
	# the council's role both required and adopting a part: its part
	# signature does not answer the required role
	new_repo "$TMP/rg2" region-plan
	sed -i 's/^  required_roles: .*/  required_roles: [regiondirektor, regionfullmaktige]/' "$TMP/rg2/sakra.yml"
	cp "$TMP/k/rd.pub" "$TMP/k/rf.pub" "$TMP/rg2/keys/"
	git -C "$TMP/rg2" add -A && git -C "$TMP/rg2" commit -qm nycklar
	run -C "$TMP/rg2" approve --key "$TMP/k/rf.key"
	run -C "$TMP/rg2" approve --key "$TMP/k/rd.key"
	expect_out 'approved: every required role has signed'
	printf '\nRad.\n' >>"$TMP/rg2/$(git -C "$TMP/rg2" ls-files 'plan/*.md' | tail -1)"
	git -C "$TMP/rg2" commit -qam v2
	run -C "$TMP/rg2" approve --key "$TMP/k/rd.key"
	expect_out 'signed its part \(SCOPE.regionfullmaktige; signed for version 1, unchanged since\)'
	expect_out 'NOT approved: no signature that counts for regionfullmaktige$'
}

# The old policy approves the new one: adding a required role takes effect
# from the next version; the signatures name the version whose policy
# governs them, so a history that differs from the signer's does not count.
test_authority_policy_rotation() {
	fresh
	approved_repo "$TMP/pr"
	key dan dataskyddsombud
	cp "$TMP/k/dan.pub" "$TMP/pr/keys/"
	sed -i 's/required_roles: \[ansvarig-forestandare\]/required_roles: [ansvarig-forestandare, dataskyddsombud]/' "$TMP/pr/sakra.yml"
	git -C "$TMP/pr" add -A && git -C "$TMP/pr" commit -qm "dataskyddsombudet"
	# version 2 changes the policy: version 1's policy (Anna) approves it
	run -C "$TMP/pr" approve --key "$TMP/k/anna.key"
	expect_rc 0
	expect_out 'approved: every required role has signed'
	# version 3 is governed by version 2: both roles
	printf '\nRad.\n' >>"$TMP/pr/$P2"
	git -C "$TMP/pr" commit -qam v3
	run -C "$TMP/pr" approve --key "$TMP/k/anna.key"
	expect_out 'NOT approved: no signature that counts for dataskyddsombud'
	run -C "$TMP/pr" approve --key "$TMP/k/dan.key"
	expect_out 'approved: every required role has signed'
	run -C "$TMP/pr" verify 3
	expect_rc 0
	# a clone that lacks version 2's tag judges version 3 by version 1's
	# policy: the signatures say they were made under version 2's
	rm -rf "$TMP/pr-clone"
	git clone -q "$TMP/pr" "$TMP/pr-clone"
	git -C "$TMP/pr-clone" tag -d approved/v2 >/dev/null
	run -C "$TMP/pr-clone" verify 3
	expect_rc 1
	expect_out 'it was made under the approval policy of version 2, but version 1 governs this one'
	run -C "$TMP/pr-clone" bundle --rev v3 --format tar -o "$TMP/pr3.tar"
	expect_rc 1
	[ ! -e "$TMP/pr3.tar" ] || fail "bundled from a clone that lacks a version"
	# nor is anything approved once version 1 is gone: trust starts there
	git -C "$TMP/pr-clone" tag -d approved/v1 >/dev/null
	run -C "$TMP/pr-clone" verify 3
	expect_rc 1
	expect_out 'NOT approved: no signature that counts for version 1 first'
}

# A bundle carries its authority history: its reader reaches the
# repository's verdict, lists every version, and refuses a history that was
# cut or rewritten.
test_authority_bundle_history() {
	fresh
	approved_repo "$TMP/bh"
	key dan dataskyddsombud
	cp "$TMP/k/dan.pub" "$TMP/bh/keys/"
	sed -i 's/required_roles: \[ansvarig-forestandare\]/required_roles: [ansvarig-forestandare, dataskyddsombud]/' "$TMP/bh/sakra.yml"
	git -C "$TMP/bh" add -A && git -C "$TMP/bh" commit -qm "dataskyddsombudet"
	run -C "$TMP/bh" approve --key "$TMP/k/anna.key"
	printf '\nRad.\n' >>"$TMP/bh/$P2"
	git -C "$TMP/bh" commit -qam v3
	run -C "$TMP/bh" approve --key "$TMP/k/anna.key"
	run -C "$TMP/bh" approve --key "$TMP/k/dan.key"
	expect_out 'approved: every required role has signed'
	cp "$TMP/k/dan.pub" "$HOME/.config/sakra/keyring/2345678-0/"
	run -C "$TMP/bh" bundle --rev v3 --format tar -o "$TMP/bh3.tar"
	expect_rc 0
	tar -tf "$TMP/bh3.tar" | grep -q '/HISTORY$' || fail "no HISTORY in the bundle"
	run verify "$TMP/bh3.tar"
	expect_rc 0
	expect_out 'approved: every required role has signed'
	run open "$TMP/bh3.tar" -o "$TMP/bh3"
	expect_rc 0
	grep -qi 'version 1' "$TMP/bh3/site/versions.html" && grep -qi 'version 2' "$TMP/bh3/site/versions.html" &&
		grep -qi 'version 3' "$TMP/bh3/site/versions.html" || fail "the site's history lacks a version"
	# Anna alone, pinned alone: dan's role is required since version 2
	run verify "$TMP/bh3.tar" --key "$TMP/k/anna.pub"
	expect_rc 1
	expect_out 'NOT approved: no signature that counts for dataskyddsombud'
	# no history; a version left out; version 2's signatures stripped
	local case
	for case in \
		'HISTORY: is missing|m[:] = [x for x in m if not x.name.endswith("/HISTORY")]' \
		'not all there, in order|k = [n for n in d if n.endswith("/HISTORY")][0]; d[k] = d[k].replace(b"\nversion 2 ", b"\nversion 7 ", 1)' \
		'made under the approval policy of version 2, but version 1 governs|k = [n for n in d if n.endswith("/HISTORY")][0]
h = d[k]; i = h.index(b"\nversion 2 "); j = h.index(b"\nsignatures ", i) + 1; e = h.index(b"\n", j)
n = int(h[j + 11:e]); d[k] = h[:j] + b"signatures 0\n\nend\n" + h[e + 1 + n + 1 + 4:]' \
		'a file differs from its MANIFEST: sakra.yml|k = [n for n in d if n.endswith("/HISTORY")][0]; d[k] = d[k].replace(b"dataskyddsombud]", b"dataskyddsombuX]", 1)'; do
		tar_edit "$TMP/bh3.tar" "$TMP/bhx.tar" "${case#*|}"
		run verify "$TMP/bhx.tar"
		[ "$RC" = 1 ] || fail "${case%%|*}: exit $RC"
		grep -qE -- "${case%%|*}" <<<"$OUT$ERR" || fail "${case%%|*}: not said"
		rm -rf "$TMP/bhx"
		run open "$TMP/bhx.tar" -o "$TMP/bhx"
		[ "$RC" = 1 ] || fail "open, ${case%%|*}: exit $RC"
		[ ! -e "$TMP/bhx" ] || fail "${case%%|*}: opened"
	done
}
