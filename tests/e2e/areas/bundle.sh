# End-to-end tests: bundles. Sourced by tests/e2e/run.sh
# with tests/e2e/lib.sh; every test_* function here is one test.

# --- bundles -------------------------------------------------------------------

test_bundle_age_interop() {
	fresh
	approved_repo "$TMP/ap"
	supervisor
	run -C "$TMP/ap" bundle --edition tillsyn --recipient "$R" -o "$TMP/b.tar.age"
	expect_rc 0
	expect_out 'b.tar.age: approved version 1 of Solbacka Vård Ab, edition tillsyn, 24 files; marking Sekretessbelagd; age, 1 recipient'
	head -c 22 "$TMP/b.tar.age" | grep -q '^age-encryption.org/v1' || fail "not an age file"
	# The supervisor's tools alone: age, tar, minisign, sha256sum.
	mkdir "$TMP/x"
	age -d -i "$TMP/sup.txt" "$TMP/b.tar.age" | tar -x -C "$TMP/x"
	local d=$TMP/x/solbacka-vard-ab-v1-tillsyn
	# the key the supervisor received, not the one inside the bundle
	(cd "$d" && minisign -Vm MANIFEST -x MANIFEST.*.minisig -p "$TMP/k/anna.pub") >/dev/null ||
		fail "minisign does not verify the bundle's MANIFEST"
	(cd "$d/files" && sha256sum --quiet --ignore-missing -c ../MANIFEST) || fail "sha256sum"
	[ "$(cd "$d/files" && find . -type f | wc -l)" = 24 ] || fail "files/ count"
	grep -q 'minisign -Vm MANIFEST -x MANIFEST.<nyckel>.minisig -p GODKÄNNARE.pub' "$d/LÄSMIG.txt" ||
		fail "LÄSMIG.txt points to the bundle's own keys"
	# the by-hand check of LÄSMIG.txt, run as written, names a removed file
	local cmd
	cmd=$(grep -m1 "cd files && sha256sum -c ../MANIFEST 2>/dev/null | grep -v ': OK\$'" "$d/LÄSMIG.txt" |
		sed 's/^ *//')
	[ -n "$cmd" ] || fail "LÄSMIG.txt lacks the file check"
	[ -z "$(cd "$d" && bash -c "$cmd")" ] || fail "the file check flags a complete bundle: $(cd "$d" && bash -c "$cmd")"
	cp -r "$d" "$TMP/x-cut"
	rm "$TMP/x-cut/files/plan/03-allmanna-rutiner.md"
	[ "$(cd "$TMP/x-cut" && bash -c "$cmd")" = "plan/03-allmanna-rutiner.md: FAILED open or read" ] ||
		fail "the file check does not name the removed chapter: $(cd "$TMP/x-cut" && bash -c "$cmd")"
	grep -q '^version: 1$' "$d/BUNDLE" || fail "BUNDLE"
	[ -f "$d/site/index.html" ] || fail "no site"
	# the site links to the attachments in files/ and holds no copies
	site_check "$d/site" "$d" >/dev/null || fail "the bundle's site: $(site_check "$d/site" "$d")"
	grep -q 'href="../files/evidence/2026/loggrapport-2026-10.csv"' "$d/site/evidence.html" ||
		fail "the bundle's site does not link the attachment in files/"
	[ -e "$d/site/evidence/2026/loggrapport-2026-10.csv" ] && fail "the bundle's site copies attachments"
	# sakra verify and open, with the same identity
	run verify "$TMP/b.tar.age" --identity "$TMP/sup.txt"
	expect_rc 0
	expect_out '^bundle solbacka-vard-ab-v1-tillsyn: Solbacka Vård Ab, version 1, commit [0-9a-f]{40}$'
	expect_out '^  24 files match the signed MANIFEST'
	expect_out '^  signed by anna \(ansvarig-forestandare\) on 2026-11-23 with key [0-9A-F]{16}: Ledningsgruppen'
	run open "$TMP/b.tar.age" --identity "$TMP/sup.txt" -o "$TMP/opened"
	expect_rc 0
	diff -r "$d" "$TMP/opened" || fail "open unpacks something else than tar"
	# age-keygen's identity and a recipients file with comments
	age-keygen -o "$TMP/id2.txt" 2>/dev/null
	printf '# the supervisor\n%s\n\n' "$(age-keygen -y "$TMP/id2.txt")" >"$TMP/rcpts"
	run -C "$TMP/ap" bundle --recipients-file "$TMP/rcpts" -o "$TMP/b2.tar.age"
	expect_rc 0
	age -d -i "$TMP/id2.txt" "$TMP/b2.tar.age" | tar -t | grep -q '^solbacka-vard-ab-v1-alla/files/plan/07-driftmiljon.md$' ||
		fail "age-keygen identity"
	# age encrypts, sakra opens
	run -C "$TMP/ap" bundle --format tar -o "$TMP/plain.tar"
	age -r "$(age-keygen -y "$TMP/id2.txt")" -o "$TMP/by-age.age" "$TMP/plain.tar"
	run open "$TMP/by-age.age" --identity "$TMP/id2.txt" -o "$TMP/opened2"
	expect_rc 0
	# someone else's identity
	run verify "$TMP/b.tar.age" --identity "$TMP/id2.txt"
	expect_rc 2
	expect_err 'none of the identities given can open the file'
	printf 'age1qqqq\n' >"$TMP/badr"
	run -C "$TMP/ap" bundle --recipients-file "$TMP/badr" -o "$TMP/b3.tar.age"
	expect_rc 2
	expect_err "badr:1: 'age1qqqq' is not an age recipient"
	[ ! -e "$TMP/b3.tar.age" ] || fail "output written"
}

test_bundle_passphrase() {
	fresh
	approved_repo "$TMP/ap"
	printf 'rätt häst batteri\n' >"$TMP/pw"
	run -C "$TMP/ap" bundle --edition personal --passphrase-file "$TMP/pw" -o "$TMP/p.tar.age"
	expect_rc 0
	expect_out 'age, passphrase$'
	tty_age $'rätt häst batteri\n' -d -o "$TMP/p.tar" "$TMP/p.tar.age"
	tar -tf "$TMP/p.tar" | grep -q '/files/plan/01-anvandningsandamal.md$' || fail "age -d with the passphrase"
	run open "$TMP/p.tar.age" --passphrase-file "$TMP/pw" -o "$TMP/o"
	expect_rc 0
	printf 'fel\n' >"$TMP/wrong"
	run open "$TMP/p.tar.age" --passphrase-file "$TMP/wrong" -o "$TMP/o2"
	expect_rc 2
	expect_err 'the passphrase is wrong'
	[ ! -e "$TMP/o2" ] || fail "opened with a wrong passphrase"
	no_leftovers "$TMP"
	# age -p encrypts, sakra opens
	tty_age $'rätt häst batteri\nrätt häst batteri\n' -p -o "$TMP/agep.age" "$TMP/p.tar"
	run open "$TMP/agep.age" --passphrase-file "$TMP/pw" -o "$TMP/o3"
	expect_rc 0
	# recipients and a passphrase do not mix
	supervisor
	run -C "$TMP/ap" bundle --recipient "$R" --passphrase-file "$TMP/pw" -o "$TMP/x.age"
	expect_rc 2
	expect_err 'not both'
}

test_bundle_zip_7zz() {
	fresh
	approved_repo "$TMP/ap"
	printf 'zip-lösen\n' >"$TMP/pw"
	run -C "$TMP/ap" bundle --edition personal --format zip --passphrase-file "$TMP/pw" -o "$TMP/b.zip"
	expect_rc 0
	expect_out 'AES-256 zip$'
	7zz l -slt "$TMP/b.zip" | grep -q '^Method = AES-256' || fail "not AES-256"
	# without the password, the zip shows one name: the bundle's tar, never
	# the edition's file names; and 7-Zip finds nothing after its end
	local listing
	listing=$(7zz l -slt "$TMP/b.zip" 2>&1)
	[ "$(grep -c '^Path = ' <<<"$listing")" = 2 ] || fail "the zip lists more than its tar: $(grep '^Path = ' <<<"$listing")"
	grep -q '^Path = solbacka-vard-ab-v1-personal.tar$' <<<"$listing" || fail "the zip's entry is not the bundle's tar"
	grep -qi 'warning\|data after' <<<"$listing" && fail "7-Zip warns: $(grep -i 'warning\|data after' <<<"$listing")"
	7zz x -p'zip-lösen' -o"$TMP/z" "$TMP/b.zip" >/dev/null || fail "7zz cannot open it"
	# the tar inside is the very tar --format tar writes
	run -C "$TMP/ap" bundle --edition personal --format tar -o "$TMP/b.tar"
	cmp -s "$TMP/b.tar" "$TMP/z/solbacka-vard-ab-v1-personal.tar" || fail "the zip's tar differs from the tar bundle"
	tar -xf "$TMP/z/solbacka-vard-ab-v1-personal.tar" -C "$TMP/z" || fail "tar cannot unpack the zip's tar"
	local d=$TMP/z/solbacka-vard-ab-v1-personal
	(cd "$d" && minisign -Vm MANIFEST -x MANIFEST.*.minisig -p keys/anna.pub) >/dev/null || fail "minisign"
	(cd "$d/files" && sha256sum --quiet --ignore-missing -c ../MANIFEST) || fail "sha256sum"
	7zz x -pfel -o"$TMP/z2" "$TMP/b.zip" >/dev/null 2>&1 && fail "7zz opened it with a wrong password"
	run open "$TMP/b.zip" --passphrase-file "$TMP/pw" -o "$TMP/o"
	expect_rc 0
	diff -r "$d" "$TMP/o" || fail "open and 7zz differ"
	printf 'fel\n' >"$TMP/wrong"
	run verify "$TMP/b.zip" --passphrase-file "$TMP/wrong"
	expect_rc 2
	expect_err "the zip's passphrase is wrong"
}

test_bundle_deterministic_and_withheld() {
	fresh
	approved_repo "$TMP/ap"
	run -C "$TMP/ap" bundle --edition personal --format tar -o "$TMP/a.tar"
	expect_rc 0
	expect_err 'UNENCRYPTED'
	expect_out 'approved version 1 of Solbacka Vård Ab, edition personal, 16 files, 8 withheld by the edition; marking Icke-offentlig handling; UNENCRYPTED tar'
	# the same bytes again, in another locale, and from a clone
	RC=0
	LC_ALL=C "$SAKRA" -C "$TMP/ap" bundle --edition personal --format tar -o "$TMP/b.tar" --quiet 2>/dev/null || RC=$?
	expect_rc 0
	cmp "$TMP/a.tar" "$TMP/b.tar" || fail "two bundles differ"
	git clone -q "$TMP/ap" "$TMP/clone"
	git -C "$TMP/clone" fetch -q origin 'refs/tags/*:refs/tags/*'
	run -C "$TMP/clone" bundle --edition personal --format tar -o "$TMP/c.tar"
	cmp "$TMP/a.tar" "$TMP/c.tar" || fail "a clone bundles other bytes"
	# owners and times: 0/0 without names, the commit's time
	tar -tvf "$TMP/a.tar" --numeric-owner | awk '{print $2}' | sort -u | grep -qx '0/0' || fail "owners"
	[ "$(tar -tvf "$TMP/a.tar" --numeric-owner | awk '{print $2}' | sort -u | wc -l)" = 1 ] || fail "owners vary"
	# withheld files: absent, their text nowhere, named in BUNDLE and by verify
	tar -tf "$TMP/a.tar" | grep -q 'files/plan/07-driftmiljon.md' && fail "a withheld file is in the bundle"
	grep -qa sekretessfilter "$TMP/a.tar" && fail "text of a withheld file leaked"
	grep -q sekretessfilter "$TMP/ap/plan/07-driftmiljon.md" || fail "the leak probe is stale"
	tar -xOf "$TMP/a.tar" solbacka-vard-ab-v1-personal/BUNDLE | grep -q '^withheld-file: plan/07-driftmiljon.md$' ||
		fail "BUNDLE does not name the withheld file"
	run verify "$TMP/a.tar"
	expect_rc 0
	expect_out '^  withheld by the edition \(listed in MANIFEST, not in the bundle\): 8$'
	expect_out '^    plan/07-driftmiljon.md$'
	expect_out '^  edition personal; marking Icke-offentlig handling$'
}

test_bundle_markers_not_withheld() {
	# An empty .gitkeep holds a folder in git: nothing to mark, nothing to
	# withhold; a .gitkeep with content is a file like any other.
	fresh
	new_repo "$TMP/gk"
	key anna ansvarig-forestandare
	cp "$TMP/k/anna.pub" "$TMP/gk/keys/anna.pub"
	mkdir -p "$TMP/gk/evidence/2027"
	: >"$TMP/gk/evidence/2027/.gitkeep"
	: >"$TMP/gk/appendices/.keep"
	git -C "$TMP/gk" add -A && git -C "$TMP/gk" commit -qm "mappar"
	run -C "$TMP/gk" approve --key "$TMP/k/anna.key"
	expect_rc 0
	run -C "$TMP/gk" bundle --format tar -o "$TMP/gk.tar"
	expect_rc 0
	expect_out ', 2[0-9] files; marking'
	expect_no_out 'withheld'
	tar -tf "$TMP/gk.tar" | grep -q 'files/evidence/2027/.gitkeep$' || fail "the marker is not in the bundle"
	run verify "$TMP/gk.tar"
	expect_rc 0
	expect_no_out '\.gitkeep|\.keep'
	tar -xOf "$TMP/gk.tar" --wildcards '*/LÄSMIG.txt' | grep -q 'gitkeep' && fail "LÄSMIG.txt lists the marker"
	[ "$(tar -xOf "$TMP/gk.tar" --wildcards '*/LÄSMIG.txt' | grep -c '^--- English ---$')" = 1 ] ||
		fail "LÄSMIG.txt has more than one English section"
	# with content it needs a marking
	echo hemligt >"$TMP/gk/evidence/2027/.gitkeep"
	run -C "$TMP/gk" check
	expect_rc 1
	expect_out '^evidence/2027/.gitkeep: error: no classification marking.*\[file.marking\]$'
}

test_bundle_tamper() {
	fresh
	approved_repo "$TMP/ap"
	supervisor
	run -C "$TMP/ap" bundle --recipient "$R" -o "$TMP/b.age"
	expect_rc 0
	local size hdr
	size=$(stat -c %s "$TMP/b.age")
	hdr=$(grep -abo -- '^---' "$TMP/b.age" | head -1 | cut -d: -f1)
	flip() { cp "$TMP/b.age" "$TMP/t.age"; printf "$(printf '\\%03o' $(( $(od -An -tu1 -j"$1" -N1 "$TMP/t.age") ^ 1 )))" |
		dd of="$TMP/t.age" bs=1 seek="$1" conv=notrunc 2>/dev/null; }
	for at in $((hdr - 5)) $((hdr + 10)) $((hdr + 200)) $((size / 2)) $((size - 1)); do
		flip "$at"
		run open "$TMP/t.age" --identity "$TMP/sup.txt" -o "$TMP/out"
		[ "$RC" = 1 ] || [ "$RC" = 2 ] || fail "flipped byte $at: exit $RC"
		[ ! -e "$TMP/out" ] || fail "flipped byte $at: output written"
		no_leftovers "$TMP"
	done
	head -c $((size - 100)) "$TMP/b.age" >"$TMP/t.age"
	run open "$TMP/t.age" --identity "$TMP/sup.txt" -o "$TMP/out"
	expect_rc 1
	expect_err 'damaged|truncated'
	{ cat "$TMP/b.age"; printf 'x'; } >"$TMP/t.age"
	run open "$TMP/t.age" --identity "$TMP/sup.txt" -o "$TMP/out"
	expect_rc 1
	[ ! -e "$TMP/out" ] || fail "output written"
	no_leftovers "$TMP"
	# inside: a changed file, a swapped signature, a key not of the commit
	run -C "$TMP/ap" bundle --format tar -o "$TMP/p.tar"
	tar_edit "$TMP/p.tar" "$TMP/t.tar" '
k = [n for n in d if n.endswith("files/plan/03-allmanna-rutiner.md")][0]
d[k] = d[k].replace(b"a", b"o", 1)'
	run open "$TMP/t.tar" -o "$TMP/out"
	expect_rc 1
	expect_err 'files/plan/03-allmanna-rutiner.md: does not match its hash in the signed MANIFEST'
	[ ! -e "$TMP/out" ] || fail "output written"
	tar_edit "$TMP/p.tar" "$TMP/t.tar" '
k = [n for n in d if ".minisig" in n][0]
d[k] = d[k].replace(b"decision=", b"decision=X", 1)'
	run verify "$TMP/t.tar"
	expect_rc 1
	expect_out 'does not count: the signature does not match'
	run open "$TMP/t.tar" -o "$TMP/out"
	expect_rc 1
	[ ! -e "$TMP/out" ] || fail "opened with a broken signature"
	key mallory ansvarig-forestandare
	tar_edit "$TMP/p.tar" "$TMP/t.tar" "
k = [n for n in d if n.endswith('/keys/anna.pub') and '/files/' not in n][0]
d[k] = open('$TMP/k/mallory.pub', 'rb').read()"
	run verify "$TMP/t.tar"
	expect_rc 1
	expect_err 'keys/anna.pub: differs from the key in the approved commit'
	no_leftovers "$TMP"
}

# Everything open shows is covered: the site, LÄSMIG.txt and BUNDLE are
# rendered again from the signed files and must be the same bytes; a
# pinned key restricts whose signatures count; readers stop at their limits.
test_bundle_forgeries() {
	fresh
	approved_repo "$TMP/ap"
	supervisor
	run -C "$TMP/ap" bundle --format tar -o "$TMP/p.tar"
	expect_rc 0
	rm -rf "$HOME/.config/sakra"
	# nothing pinned: not verified, nothing opened, the signers' keys named
	run open "$TMP/p.tar" -o "$TMP/good"
	expect_rc 1
	expect_out 'NOT VERIFIED: no key is pinned for Solbacka Vård Ab \(business id 2345678-0\)'
	expect_out "The signers' keys: [0-9A-F]{16}$"
	expect_out 'mkdir -p ~/.config/sakra/keyring/2345678-0'
	[ ! -e "$TMP/good" ] || fail "opened a bundle whose keys nobody pinned"
	run verify "$TMP/p.tar"
	expect_rc 1
	# accepted explicitly: the keys inside count
	run open "$TMP/p.tar" -o "$TMP/good" --accept-bundle-keys
	expect_rc 0
	expect_out 'LÄSMIG.txt, BUNDLE and the [0-9]+ files of site/ are what the signed files give'
	expect_out 'NOTE: you accepted the keys that came inside the bundle'
	run open "$TMP/p.tar" -o "$TMP/good2" --key "$TMP/k/anna.pub"
	expect_rc 0
	expect_out 'only the keys you pinned for this organisation count: [0-9A-F]{16}'
	pin_anna
	local case
	for case in \
		'site/index.html is not the page the signed files give|k = [n for n in d if n.endswith("/site/index.html")][0]; d[k] = d[k].replace(b"<body", b"<body><p>Forged</p", 1)' \
		'LÄSMIG.txt: is not what the signed files give|k = [n for n in d if n.endswith("/LÄSMIG.txt")][0]; d[k] = b"Start with site/evil.html\n"' \
		'BUNDLE: is not what the signed files give|k = [n for n in d if n.endswith("/BUNDLE")][0]; assert b"organisation: " in d[k]; d[k] = d[k].replace(b"organisation: ", b"organisation: Forged ", 1)' \
		'site/extra.html is not part of the site|p = m[0].name.split("/")[0]; x = tarfile.TarInfo(p + "/site/extra.html"); m.append(x); d[x.name] = b"<p>forged</p>"' \
		'site/matrix.html is missing from the bundle|m[:] = [x for x in m if not x.name.endswith("/site/matrix.html")]' \
		'MANIFEST|k = [n for n in d if n.endswith("/MANIFEST")][0]; d[k] = d[k].replace(b"# size=", b"# size=1", 1)' \
		'site/style.css: holds more than the 67108864 bytes|k = [n for n in d if n.endswith("/site/style.css")][0]; d[k] = bytes(65 << 20)' \
		'more than 1024 keys and signatures|p = m[0].name.split("/")[0]
for i in range(1100):
    x = tarfile.TarInfo("%s/keys/k%04d.pub" % (p, i)); m.insert(3, x); d[x.name] = b"k"' \
		'keys/big.pub: is larger than the 16384 bytes|p = m[0].name.split("/")[0]; x = tarfile.TarInfo(p + "/keys/big.pub"); m.insert(3, x); d[x.name] = bytes(20000)' ; do
		tar_edit "$TMP/p.tar" "$TMP/f.tar" "${case#*|}"
		run open "$TMP/f.tar" -o "$TMP/out"
		[ "$RC" = 1 ] || fail "${case%%|*}: exit $RC"
		expect_err "${case%%|*}"
		[ ! -e "$TMP/out" ] || fail "${case%%|*}: output written"
		no_leftovers "$TMP"
		run verify "$TMP/f.tar"
		[ "$RC" = 1 ] || fail "verify, ${case%%|*}: exit $RC"
	done
	# an attacker's own plan, signed with the attacker's own key and
	# encrypted to the supervisor's public recipient
	key mallory ansvarig-forestandare
	new_repo "$TMP/evil"
	cp "$TMP/k/mallory.pub" "$TMP/evil/keys/mallory.pub"
	git -C "$TMP/evil" add keys && git -C "$TMP/evil" commit -qm "Mallorys nyckel"
	run -C "$TMP/evil" approve --key "$TMP/k/mallory.key"
	expect_rc 0
	run -C "$TMP/evil" bundle --recipient "$R" -o "$TMP/evil.age"
	expect_rc 0
	run open "$TMP/evil.age" --identity "$TMP/sup.txt" --key "$TMP/k/anna.pub" -o "$TMP/out"
	expect_rc 1
	expect_out 'is not one of the keys you pinned'
	[ ! -e "$TMP/out" ] || fail "opened a bundle no pinned key signed"
	run verify "$TMP/evil.age" --identity "$TMP/sup.txt" --key "$TMP/k/anna.pub"
	expect_rc 1
	mkdir -p "$TMP/ring/2345678-0"
	cp "$TMP/k/anna.pub" "$TMP/ring/2345678-0/"
	run verify "$TMP/evil.age" --identity "$TMP/sup.txt" --keyring "$TMP/ring"
	expect_rc 1
	expect_out 'keyring .*/ring$'
	# the supervisor's own keyring is used when nothing is pinned
	rm -rf "$HOME/.config/sakra"
	pin_anna
	run open "$TMP/evil.age" --identity "$TMP/sup.txt" -o "$TMP/out"
	expect_rc 1
	expect_out 'is not one of the keys you pinned'
	run -C "$TMP/ap" bundle --recipient "$R" -o "$TMP/good.age"
	run open "$TMP/good.age" --identity "$TMP/sup.txt" -o "$TMP/out"
	expect_rc 0
	expect_out 'only the keys you pinned for this organisation count'
	rm -rf "$TMP/out"
	# a key pinned for another organisation never counts for this one
	mv "$HOME/.config/sakra/keyring/2345678-0" "$HOME/.config/sakra/keyring/1234567-1"
	run open "$TMP/good.age" --identity "$TMP/sup.txt" -o "$TMP/out"
	expect_rc 1
	expect_out 'NOT VERIFIED: no key is pinned for Solbacka'
	# a key lying loose in the keyring is bound to no organisation: unused
	cp "$TMP/k/anna.pub" "$HOME/.config/sakra/keyring/"
	run open "$TMP/good.age" --identity "$TMP/sup.txt" -o "$TMP/out"
	expect_rc 1
	expect_err 'lie in the keyring itself and are not bound to an organisation'
	rm -rf "$HOME/.config/sakra" "$TMP/out"
	run open "$TMP/evil.age" --identity "$TMP/sup.txt" -o "$TMP/out"
	expect_rc 1
	expect_out 'NOT VERIFIED'
	[ ! -e "$TMP/out" ] || fail "opened an unpinned bundle"
	no_leftovers "$TMP"
	pin_anna
}

# Memory stays bounded when a bundle is read, whatever it holds: large
# evidence is streamed, and the plan text that is rendered again has a
# ceiling. A draft of a plan with keys opens as a draft.
test_bundle_memory_bound() {
	fresh
	approved_repo "$TMP/ap"
	head -c 67108864 /dev/urandom >"$TMP/ap/evidence/2026/loggrapport-2026-10.csv"
	# as much plan text as a reader renders again (12 MiB): documents of
	# much markup, and documents of 2 MiB
	python3 "$E2E/py/bundle_memory_bound.py" "$TMP/ap/appendices"
	git -C "$TMP/ap" add -A && git -C "$TMP/ap" commit -qm "stora filer"
	run -C "$TMP/ap" bundle --draft --rev HEAD --format tar -o "$TMP/m.tar"
	expect_rc 0
	case $SAKRA in */san/*) ;; *)
		/usr/bin/time -f '%M' -o "$TMP/rss" "$SAKRA" verify "$TMP/m.tar" >/dev/null 2>&1 || true
		[ "$(tail -n 1 "$TMP/rss")" -le 65536 ] || fail "verify used $(tail -n 1 "$TMP/rss") KiB" ;;
	esac
	run open --draft "$TMP/m.tar" -o "$TMP/mo"
	expect_rc 0
	expect_out 'DRAFT'
	[ -s "$TMP/mo/site/appendices/stor-11.html" ] || fail "the rendered site is missing"
	cmp "$TMP/mo/files/evidence/2026/loggrapport-2026-10.csv" "$TMP/ap/evidence/2026/loggrapport-2026-10.csv" ||
		fail "evidence"
	# past the ceiling: bundle refuses to write what no reader would
	# render, and a reader stops at 12 MiB held
	cp "$TMP/ap/appendices/lang-0.md" "$TMP/ap/appendices/lang-3.md"
	git -C "$TMP/ap" add -A && git -C "$TMP/ap" commit -qm "en till"
	run -C "$TMP/ap" bundle --draft --rev HEAD --format tar -o "$TMP/m2.tar"
	[ "$RC" != 0 ] || fail "bundled more plan text than a reader renders"
	expect_err 'more than a bundle.s reader renders'
	[ ! -e "$TMP/m2.tar" ] || fail "written"
	tar_edit "$TMP/m.tar" "$TMP/m3.tar" 'p = m[0].name.split("/")[0]
for i in range(800):
    x = tarfile.TarInfo("%s/keys/k%03d.pub" % (p, i)); m.insert(3, x); d[x.name] = bytes(16000)'
	run verify "$TMP/m3.tar"
	expect_rc 1
	expect_err 'more than 12 MiB, more than sakra reads'
}

test_bundle_hostile_archives() {
	fresh
	approved_repo "$TMP/ap"
	run -C "$TMP/ap" bundle --format tar -o "$TMP/p.tar"
	local case
	for case in \
		'../x|x = tarfile.TarInfo("../x"); m.insert(0, x); d["../x"] = b"x"' \
		'/etc/x|x = tarfile.TarInfo("/etc/sakra-x"); m.insert(0, x); d["/etc/sakra-x"] = b"x"' \
		'a/../../x|x = tarfile.TarInfo(m[0].name.split("/")[0] + "/../../x"); m.insert(0, x); d[x.name] = b"x"' \
		'symlink|x = tarfile.TarInfo(m[0].name.split("/")[0] + "/site/l"); x.type = tarfile.SYMTYPE; x.linkname = "/tmp"; m.append(x); y = tarfile.TarInfo(x.name + "/evil"); m.append(y); d[y.name] = b"x"' \
		'hardlink|x = tarfile.TarInfo(m[0].name.split("/")[0] + "/site/h"); x.type = tarfile.LNKTYPE; x.linkname = "/etc/passwd"; m.append(x)' \
		'device|x = tarfile.TarInfo(m[0].name.split("/")[0] + "/site/dev"); x.type = tarfile.CHRTYPE; x.devmajor = 1; x.devminor = 3; m.append(x)' \
		'duplicate|x = [y for y in m if y.name.endswith("/site/index.html")][0]; m.append(x)' \
		'outside|x = tarfile.TarInfo("other/x"); m.append(x); d["other/x"] = b"x"' \
		'unknown|x = tarfile.TarInfo(m[0].name.split("/")[0] + "/extra.txt"); m.append(x); d[x.name] = b"x"' \
		'not in manifest|x = tarfile.TarInfo(m[0].name.split("/")[0] + "/files/plan/99-extra.md"); m.append(x); d[x.name] = b"x"' \
		'10000 empty|p = m[0].name.split("/")[0]
for i in range(10000):
    x = tarfile.TarInfo("%s/files/e%05d" % (p, i)); m.append(x); d[x.name] = b""' \
		'missing file|m[:] = [x for x in m if not x.name.endswith("files/plan/08-kanta.md")]' \
		'fifo|x = tarfile.TarInfo(m[0].name.split("/")[0] + "/site/fifo"); x.type = tarfile.FIFOTYPE; m.append(x)' \
		'symlink then file|p = m[0].name.split("/")[0]; x = tarfile.TarInfo(p + "/files/keys"); x.type = tarfile.SYMTYPE; x.linkname = "/tmp"; m.insert(3, x)' \
		'size lie|k = [n for n in d if n.endswith("files/plan/03-allmanna-rutiner.md")][0]; d[k] = d[k] + b"x" * 100' \
		'absolute in files|x = tarfile.TarInfo("/files/x"); m.append(x); d[x.name] = b"x"' ; do
		tar_edit "$TMP/p.tar" "$TMP/h.tar" "${case#*|}"
		run open "$TMP/h.tar" -o "$TMP/out"
		[ "$RC" = 1 ] || fail "${case%%|*}: exit $RC"
		[ -n "$ERR" ] || fail "${case%%|*}: no message"
		[ ! -e "$TMP/out" ] || fail "${case%%|*}: output written"
		no_leftovers "$TMP"
		[ ! -e /etc/sakra-x ] && [ ! -e "$TMP/x" ] || fail "${case%%|*}: wrote outside"
	done
	# bombs: a zip whose site/ page inflates to 200 MiB, and one whose
	# files/ entry streams past its size; a truncated zip
	python3 "$E2E/py/bundle_hostile_archives.py" "$TMP/p.tar" "$TMP"
	echo unused >"$TMP/pw"
	for z in bomb grow cut wide extra climb; do
		run open "$TMP/$z.zip" --passphrase-file "$TMP/pw" -o "$TMP/out"
		[ "$RC" = 1 ] || fail "$z.zip: exit $RC"
		[ -n "$ERR" ] || fail "$z.zip: no message"
		[ ! -e "$TMP/out" ] || fail "$z.zip: output written"
		no_leftovers "$TMP"
	done
	run verify "$TMP/bomb.zip" --passphrase-file "$TMP/pw"
	expect_rc 1
	expect_err 'site/bomb.html: holds more than the 67108864 bytes it may'
	run verify "$TMP/extra.zip" --passphrase-file "$TMP/pw"
	expect_rc 1
	expect_err 'the zip holds more than its one tar'
	run verify "$TMP/climb.zip" --passphrase-file "$TMP/pw"
	expect_rc 1
	expect_err "an entry's name is not a safe relative path"
	run verify "$TMP/wide.zip" --passphrase-file "$TMP/pw"
	expect_rc 1
	expect_err 'site/wide16.html: site/ holds more than 1024 MiB'
	run open "$TMP/p.tar" -o "$TMP/out"
	expect_rc 0
}

test_bundle_refusals_and_drafts() {
	fresh
	new_repo "$TMP/ex"
	run -C "$TMP/ex" bundle --format tar
	expect_rc 2
	expect_err 'no approved version to bundle'
	run -C "$TMP/ex" bundle --format tar --draft --rev HEAD -o "$TMP/d.tar"
	expect_rc 0
	expect_out 'DRAFT'
	tar -tf "$TMP/d.tar" | head -1 | grep -q '^solbacka-vard-ab-utkast-[0-9a-f]\{12\}-alla/' || fail "draft name"
	tar -xOf "$TMP/d.tar" --wildcards '*/LÄSMIG.txt' | grep -q 'UTKAST / DRAFT' || fail "draft LÄSMIG"
	run open "$TMP/d.tar" -o "$TMP/o"
	expect_rc 1
	expect_err 'a draft: open it with --draft'
	[ ! -e "$TMP/o" ] || fail "draft opened"
	run open "$TMP/d.tar" -o "$TMP/o" --draft
	expect_rc 0
	approved_repo "$TMP/ap"
	run -C "$TMP/ap" bundle --edition nosuch --format tar
	expect_rc 2
	expect_err "no edition 'nosuch'"
	run -C "$TMP/ap" bundle --rev 7 --format tar
	expect_rc 2
	expect_err 'no version 7'
	run -C "$TMP/ap" bundle --format rar
	expect_rc 2
	# never over an existing file; what an interrupted run left is removed
	: >"$TMP/b.tar"
	: >"$TMP/n.tar.tmp-AbC123"
	run -C "$TMP/ap" bundle --format tar -o "$TMP/b.tar"
	expect_rc 2
	expect_err 'already exists'
	run -C "$TMP/ap" bundle --format tar -o "$TMP/n.tar"
	expect_rc 0
	[ ! -e "$TMP/n.tar.tmp-AbC123" ] || fail "stale temporary file kept"
	# the default name carries version, edition and marking; it is written
	# beside the plan in _bundles/, which git ignores, so the tree stays clean
	(cd "$TMP" && "$SAKRA" -C "$TMP/ap" bundle --format tar --edition tillsyn --quiet 2>/dev/null)
	[ -f "$TMP/ap/_bundles/solbacka-vard-ab-v1-tillsyn-sekretessbelagd.tar" ] || fail "default name"
	[ "$(stat -c %a "$TMP/ap/_bundles")" = 700 ] || fail "_bundles/ is not private"
	[ -z "$(git -C "$TMP/ap" status --porcelain)" ] || fail "the bundle shows as a change: $(git -C "$TMP/ap" status --porcelain)"
	git -C "$TMP/ap" add -A
	[ -z "$(git -C "$TMP/ap" diff --cached --name-only)" ] || fail "git add -A takes the bundle"
	# what an interrupted open left is removed by the next
	mkdir -p "$TMP/o9.tmp-XyZ123/files"
	run open "$TMP/n.tar" -o "$TMP/o9"
	expect_rc 0
	[ ! -e "$TMP/o9.tmp-XyZ123" ] || fail "stale staging directory kept"
	# open never writes into an existing directory
	mkdir "$TMP/exists"
	run open "$TMP/n.tar" -o "$TMP/exists"
	expect_rc 2
	expect_err "exists already exists; open unpacks into a new folder: name another with -o DIR"
	# nor into the folder a first open made, and it says how to choose another
	(cd "$TMP" && "$SAKRA" open --quiet "$TMP/n.tar" >/dev/null 2>&1) || fail "first open"
	RC=0
	ERR=$(cd "$TMP" && "$SAKRA" open "$TMP/n.tar" 2>&1 >/dev/null) || RC=$?
	expect_rc 2
	expect_err "already exists \(opened before\?\); nothing was written: remove it, or name another folder with -o DIR"
	# every refusal of bundle is 2 (usage, input, environment), a version
	# that does not verify 1
	run -C "$TMP/ap" bundle --recipient age1qqqq --format age -o "$TMP/r.age"
	expect_rc 2
	expect_err "'age1qqqq' is not an age recipient"
	RC=0
	ERR=$(setsid "$SAKRA" -C "$TMP/ap" bundle --format zip -o "$TMP/z.zip" </dev/null 2>&1) || RC=$?
	expect_rc 2
	expect_err 'no terminal'
	[ ! -e "$TMP/z.zip" ] || fail "a bundle was written without a passphrase"
	# --draft alone bundles HEAD as a draft
	new_repo "$TMP/dr"
	run -C "$TMP/dr" bundle --draft --format tar -o "$TMP/dr.tar"
	expect_rc 0
	expect_out "DRAFT \(commit $(git -C "$TMP/dr" rev-parse --short=12 HEAD)\)"
	expect_no_err 'add --draft|with --draft'
}

test_bundle_large_files_stream() {
	fresh
	approved_repo "$TMP/ap"
	# a 5 MiB attachment, read from its loose object, then from a pack
	head -c 5242880 /dev/urandom >"$TMP/ap/evidence/2026/loggrapport-2026-10.csv"
	git -C "$TMP/ap" commit -qam "stor loggrapport"
	run -C "$TMP/ap" approve --key "$TMP/k/anna.key" --decision 'v2'
	expect_rc 0
	run -C "$TMP/ap" bundle --format tar -o "$TMP/loose.tar"
	expect_rc 0
	git -C "$TMP/ap" gc -q --aggressive
	[ -z "$(find "$TMP/ap/.git/objects" -path '*/objects/[0-9a-f][0-9a-f]/*' -type f)" ] || fail "still loose"
	run -C "$TMP/ap" bundle --format tar -o "$TMP/packed.tar"
	expect_rc 0
	cmp "$TMP/loose.tar" "$TMP/packed.tar" || fail "loose and packed objects give other bytes"
	run verify "$TMP/packed.tar"
	expect_rc 0
	expect_out 'version 2'
	tar -xOf "$TMP/packed.tar" solbacka-vard-ab-v2-alla/files/evidence/2026/loggrapport-2026-10.csv |
		cmp - "$TMP/ap/evidence/2026/loggrapport-2026-10.csv" || fail "content"
	run -C "$TMP/ap" verify
	expect_rc 0
	# on a terminal the progress counts the edition's files and never passes
	# the total it shows
	script -qec "'$SAKRA' -C '$TMP/ap' bundle --format tar -o '$TMP/tty.tar'" "$TMP/tty.log" >/dev/null 2>&1 ||
		fail "bundle on a terminal"
	python3 "$E2E/py/bundle_large_files_stream.py" "$TMP/tty.log" || fail "the progress passed its total"
}

# A large blob is read straight from its loose object or pack entry: a
# corrupt object (the same size, other bytes; or a flipped byte in a pack)
# is an error naming the path and the object, and nothing is signed,
# exported or bundled.
test_corrupt_objects() {
	fresh
	approved_repo "$TMP/ap"
	head -c 3145728 /dev/urandom >"$TMP/ap/evidence/2026/loggrapport-2026-10.csv"
	git -C "$TMP/ap" commit -qam "stor loggrapport"
	local oid obj
	oid=$(git -C "$TMP/ap" rev-parse HEAD:evidence/2026/loggrapport-2026-10.csv)
	obj="$TMP/ap/.git/objects/${oid:0:2}/${oid:2}"
	cp "$obj" "$TMP/obj.good"
	# git writes objects read-only: writable, as any user but root needs
	chmod u+w "$obj" "$TMP/obj.good"
	python3 -c '
import sys, zlib
n = 3145728
open(sys.argv[1], "wb").write(zlib.compress(b"blob %d\0" % n + bytes(n)))' "$obj"
	! git -C "$TMP/ap" fsck --full >/dev/null 2>&1 || fail "git fsck sees no damage"
	run -C "$TMP/ap" approve --key "$TMP/k/anna.key" --decision 'v2'
	[ "$RC" != 0 ] || fail "approve signed a corrupt object"
	expect_err "evidence/2026/loggrapport-2026-10.csv: git object $oid does not hold what its id says"
	! git -C "$TMP/ap" rev-parse -q --verify approved/v2 >/dev/null || fail "a version was tagged"
	run -C "$TMP/ap" bundle --draft --rev HEAD --format tar -o "$TMP/d.tar"
	[ "$RC" != 0 ] || fail "bundled a corrupt object"
	[ ! -e "$TMP/d.tar" ] || fail "a bundle was written"
	no_leftovers "$TMP"
	# the good object back: approved; then packed, and one byte of the
	# pack entry flipped
	cp "$TMP/obj.good" "$obj"
	run -C "$TMP/ap" approve --key "$TMP/k/anna.key" --decision 'v2'
	expect_rc 0
	# damaged again after the approval: the bundle streams from the
	# remembered manifest, skips git's SHA-1, and its SHA-256 catches it
	cp "$obj" "$TMP/obj.good"
	python3 -c '
import sys, zlib
n = 3145728
open(sys.argv[1], "wb").write(zlib.compress(b"blob %d\0" % n + bytes(n)))' "$obj"
	run -C "$TMP/ap" bundle --rev v2 --format tar -o "$TMP/l.tar"
	[ "$RC" != 0 ] || fail "bundled a damaged loose object"
	expect_err "loggrapport-2026-10.csv: its content \(SHA-256 [0-9a-f]{12}…\) is not what the signed manifest says"
	[ ! -e "$TMP/l.tar" ] || fail "a bundle was written"
	no_leftovers "$TMP"
	cp "$TMP/obj.good" "$obj"
	git -C "$TMP/ap" gc -q
	local pack off
	pack=$(ls "$TMP/ap/.git/objects/pack/"*.pack)
	off=$(git verify-pack -v "${pack%.pack}.idx" | awk -v o="$oid" '$1 == o { print $5 }')
	[ -n "$off" ] || fail "blob not in the pack"
	chmod u+w "$pack"
	python3 -c '
import sys
f = open(sys.argv[1], "r+b"); at = int(sys.argv[2]) + 1000000
f.seek(at); b = f.read(1); f.seek(at); f.write(bytes([b[0] ^ 1]))' "$pack" "$off"
	run -C "$TMP/ap" export v2 -o "$TMP/kit"
	[ "$RC" != 0 ] || fail "export of a corrupt pack"
	[ ! -e "$TMP/kit" ] || fail "kit written"
	run -C "$TMP/ap" verify v2
	[ "$RC" != 0 ] || fail "verify of a corrupt pack"
	expect_out "evidence/2026/loggrapport-2026-10.csv: git object $oid (is corrupt|does not hold)"
	run -C "$TMP/ap" bundle --rev v2 --format tar -o "$TMP/p.tar"
	[ "$RC" != 0 ] || fail "bundled a corrupt pack"
	[ ! -e "$TMP/p.tar" ] || fail "a bundle was written"
	# a SHA-256 repository is refused with a clear message
	rm -rf "$TMP/s256"
	cp -r "$FIX/example-plan" "$TMP/s256"
	git -C "$TMP/s256" init -q --object-format=sha256
	run -C "$TMP/s256" check
	expect_rc 2
	expect_err 'uses SHA-256 object ids .*keep the plan in a SHA-1 repository'
}
