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

# add_dpo DIR: a commit that adds Dan's key and makes dataskyddsombud a
# required role (a change of the approval policy).
add_dpo() {
	key dan dataskyddsombud
	cp "$TMP/k/dan.pub" "$1/keys/"
	sed -i 's/required_roles: \[ansvarig-forestandare\]/required_roles: [ansvarig-forestandare, dataskyddsombud]/' "$1/sakra.yml"
	git -C "$1" add -A && git -C "$1" commit -qm "dataskyddsombudet"
}

# The old policy approves the new one: adding a required role takes effect
# from the next version; the signatures name the version whose policy
# governs them, so a history that differs from the signer's does not count.
test_authority_policy_rotation() {
	fresh
	approved_repo "$TMP/pr"
	add_dpo "$TMP/pr"
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
	add_dpo "$TMP/bh"
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

# evil_tree DIR KIND: a commit on top of HEAD (printed) whose tree holds
# what git itself refuses: KIND dotgit (.git/config), DOTGIT (.GIT. at the
# top, an NTFS form), hfs (.g<U+200C>it) or gitlink (a submodule).
evil_tree() {
	local dir=$1 blob sub entry
	blob=$(echo '[core] fsmonitor = touch /tmp/sakra-pwned' | git -C "$dir" hash-object -w --stdin)
	sub=$(printf '100644 blob %s\tconfig\n' "$blob" | git -C "$dir" mktree)
	case $2 in
	dotgit) entry=$(printf '040000 tree %s\t.git' "$sub") ;;
	DOTGIT) entry=$(printf '040000 tree %s\t.GIT.' "$sub") ;;
	hfs) entry=$(printf '040000 tree %s\t.g\342\200\214it' "$sub") ;;
	gitlink) entry=$(printf '160000 commit %s\tsub' "$(git -C "$dir" rev-parse HEAD)") ;;
	esac
	git -C "$dir" commit-tree "$( (git -C "$dir" ls-tree HEAD; echo "$entry") | git -C "$dir" mktree)" \
		-p HEAD -m "$2"
}

# Trees git itself refuses to check out (.git in any form, a submodule)
# are check errors, never approved or bundled, and never written by open.
test_authority_git_paths() {
	fresh
	approved_repo "$TMP/gp"
	local kind c
	for kind in dotgit DOTGIT hfs gitlink; do
		c=$(evil_tree "$TMP/gp" $kind)
		run -C "$TMP/gp" check --rev "$c"
		expect_rc 1
		expect_out 'error: (git refuses to check this path out|is a submodule).*\[path.git\]'
		run -C "$TMP/gp" bundle --draft --rev "$c" --format tar -o "$TMP/gp-$kind.tar"
		expect_rc 2
		[ ! -e "$TMP/gp-$kind.tar" ] || fail "$kind: bundled"
		git -C "$TMP/gp" update-ref refs/heads/evil "$c"
		run -C "$TMP/gp" approve --key "$TMP/k/anna.key" --rev evil
		expect_rc 1
		expect_err 'has 1 error'
	done
	# a bundle made by hand with such an entry is refused, nothing written
	run -C "$TMP/gp" bundle --format tar -o "$TMP/gp.tar"
	expect_rc 0
	local name
	for name in 'files/.git/config' 'files/appendices/.Git/hooks/x' 'site/git~1/a.html'; do
		tar_edit "$TMP/gp.tar" "$TMP/gpx.tar" 'import tarfile
p = m[0].name.split("/")[0]; x = tarfile.TarInfo(p + "/'"$name"'"); m.append(x); d[x.name] = b"[core]\n"'
		rm -rf "$TMP/gpx"
		run open "$TMP/gpx.tar" -o "$TMP/gpx"
		expect_rc 1
		expect_err "not a safe relative path .*a path git refuses such as .git"
		[ ! -e "$TMP/gpx" ] || fail "$name: written"
	done
}

# The server's hook judges every ref update of a push (or refuses the push
# whole), refuses replace refs and trees git would not check out.
test_authority_server_hook() {
	fresh
	approved_repo "$TMP/sv"
	server_for "$TMP/sv" "$TMP/sv.git"
	RC=0; OUT=$(git -C "$TMP/sv" push origin main 'refs/tags/*' 2>&1) || RC=$?
	expect_rc 0
	# a broken commit, on another branch (the team's business)
	sed -i '/^Dataskyddsombud:/d' "$TMP/sv/$P3"
	git -C "$TMP/sv" commit -qam "utan dataskyddsombud"
	RC=0; OUT=$(git -C "$TMP/sv" push origin main:utkast 2>&1) || RC=$?
	expect_rc 0
	local good bad
	good=$(git -C "$TMP/sv" rev-parse main~1)
	bad=$(git -C "$TMP/sv" rev-parse main)
	# 4,800 long ref updates before main: more than 16 MiB, judged whole
	python3 - "$good" "$bad" >"$TMP/updates" <<'PY'
import sys
good, bad = sys.argv[1:3]
z = "0" * 40
for i in range(4800):
    print(z, good, "refs/heads/x%04d-%s" % (i, "y" * 3500))
print(good, bad, "refs/heads/main")
PY
	[ "$(stat -c %s "$TMP/updates")" -gt $((16 << 20)) ] || fail "the input is not over 16 MiB"
	RC=0; OUT=$("$SAKRA" -C "$TMP/sv.git" hooks pre-receive <"$TMP/updates" 2>&1) || RC=$?
	expect_rc 1
	expect_out 'sakra: refused: refs/heads/main would move to [0-9a-f]{12}, which has 1 check error'
	# more than it judges: the push is refused whole
	{ cat "$TMP/updates" "$TMP/updates" "$TMP/updates" "$TMP/updates"; } >"$TMP/updates4"
	RC=0; OUT=$("$SAKRA" -C "$TMP/sv.git" hooks pre-receive <"$TMP/updates4" 2>&1) || RC=$?
	expect_rc 1
	expect_out 'refused: the push updates more refs than sakra judges'
	# a line that is not a ref update is no reason to skip it
	RC=0; OUT=$(printf '%s %s refs/heads/main extra\n' "$good" "$bad" |
		"$SAKRA" -C "$TMP/sv.git" hooks pre-receive 2>&1) || RC=$?
	expect_rc 1
	expect_out "refused: ref update 1 of the push is not 'OLD NEW REF'"
	# deleting an approved version, after many updates, is still seen
	{ head -n 4800 "$TMP/updates"; echo "$(git -C "$TMP/sv" rev-parse approved/v1) 0000000000000000000000000000000000000000 refs/tags/approved/v1"; } >"$TMP/updates-del"
	RC=0; OUT=$("$SAKRA" -C "$TMP/sv.git" hooks pre-receive <"$TMP/updates-del" 2>&1) || RC=$?
	expect_rc 1
	expect_out 'refs/tags/approved/v1 is an approved version; it is never deleted'
	git -C "$TMP/sv" reset -q --hard HEAD~1
	# a replace ref shows forged content under the approved commit's id
	printf '\nFörfalskad rad.\n' >>"$TMP/sv/$P2"
	git -C "$TMP/sv" commit -qam forged
	git -C "$TMP/sv" replace "$(git -C "$TMP/sv" rev-parse approved/v1^{commit})" HEAD
	RC=0; OUT=$(git -C "$TMP/sv" push origin 'refs/replace/*' 2>&1) || RC=$?
	[ "$RC" != 0 ] || fail "a replace ref was accepted"
	expect_out 'remote: sakra: refused: refs/replace/[0-9a-f]{40} would make git show other content under the id'
	[ -z "$(git -C "$TMP/sv.git" for-each-ref refs/replace)" ] || fail "the replace ref landed"
	git -C "$TMP/sv" replace -d "$(git -C "$TMP/sv" rev-parse approved/v1^{commit})"
	git -C "$TMP/sv" reset -q --hard HEAD~1
	# main moved to a tree git would not check out
	local c
	c=$(evil_tree "$TMP/sv" dotgit)
	RC=0; OUT=$(git -C "$TMP/sv" push origin "$c:refs/heads/main" 2>&1) || RC=$?
	[ "$RC" != 0 ] || fail "a .git tree was accepted on main"
	expect_out 'remote: \.git/config: error: git refuses to check this path out'
}

# A remembered manifest never decides what a draft holds (no signature
# confirms a draft's): one forged with the user's rights to mark secret
# evidence low does not put it into the staff edition.
test_authority_draft_ignores_cache() {
	fresh
	new_repo "$TMP/dc"
	local c entry secret
	c=$(git -C "$TMP/dc" rev-parse HEAD)
	entry="$HOME/.cache/sakra/manifests/$c"
	run -C "$TMP/dc" bundle --draft --rev HEAD --edition personal --format tar -o "$TMP/dc1.tar"
	expect_rc 0
	[ -f "$entry" ] || fail "the draft's manifest was not remembered"
	secret=$(grep -B1 -m1 'classification=sekretessbelagd' "$entry" >/dev/null &&
		awk '/classification=sekretessbelagd/ {getline; print substr($0, 67); exit}' "$entry")
	[ -n "$secret" ] || fail "no secret file in the plan"
	tar -tf "$TMP/dc1.tar" | grep -q "/files/$secret\$" && fail "the staff edition holds $secret"
	python3 - "$entry" <<'PY'
import hashlib, re, sys
path = sys.argv[1]
data = open(path, "rb").read()
head, body = data.split(b"\n\n", 1)
body = body.replace(b"classification=sekretessbelagd", b"classification=intern")
head = re.sub(rb"sha256: [0-9a-f]{64}", b"sha256: " + hashlib.sha256(body).hexdigest().encode(), head)
open(path, "wb").write(head + b"\n\n" + body)
PY
	run -C "$TMP/dc" bundle --draft --rev HEAD --edition personal --format tar -o "$TMP/dc2.tar"
	expect_rc 0
	tar -tf "$TMP/dc2.tar" | grep -q "/files/$secret\$" && fail "a forged cache entry put $secret into the staff edition"
	cmp -s "$TMP/dc1.tar" "$TMP/dc2.tar" || fail "the draft differs with a forged cache entry"
}
test_authority_pin_is_per_organisation() {
	# The reader pins Anna for this plan's organisation and Eve for another.
	# A bundle of this organisation signed by Eve alone (whoever holds her
	# key can make one) does not verify: her pin is for the other one.
	rm -rf "$HOME/.config/sakra"
	new_repo "$TMP/po"
	key anna ansvarig-forestandare
	key eve ansvarig-forestandare
	cp "$TMP/k/eve.pub" "$TMP/po/keys/eve.pub"
	git -C "$TMP/po" add keys && git -C "$TMP/po" commit -qm "Eves nyckel"
	run -C "$TMP/po" approve --key "$TMP/k/eve.key"
	expect_rc 0
	supervisor
	run -C "$TMP/po" bundle --recipient "$R" -o "$TMP/po.age"
	expect_rc 0
	pin_anna
	mkdir -p "$HOME/.config/sakra/keyring/1234567-1"
	cp "$TMP/k/eve.pub" "$HOME/.config/sakra/keyring/1234567-1/"
	run open "$TMP/po.age" --identity "$TMP/sup.txt" -o "$TMP/po-out"
	expect_rc 1
	expect_out 'is not one of the keys you pinned'
	[ ! -e "$TMP/po-out" ] || fail "opened on another organisation's pin"
	run verify "$TMP/po.age" --identity "$TMP/sup.txt"
	expect_rc 1
	rm -rf "$HOME/.config/sakra"
}
