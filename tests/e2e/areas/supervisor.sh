# supervisor: what a supervisor does with the bundles organisations send —
# compare two versions without their repository.

# two_versions: the example plan approved as version 1 and, changed, as
# version 2; each bundled for the supervisor (tillsyn) as $TMP/v1.tar.age
# and $TMP/v2.tar.age, and version 2's staff edition as $TMP/v2p.tar.age.
two_versions() {
	fresh
	approved_repo "$TMP/ap"
	supervisor
	run -C "$TMP/ap" bundle --edition tillsyn --recipient "$R" -o "$TMP/v1.tar.age"
	expect_rc 0
	sed -i 's/^Planen gäller en/Planen gäller nu en/' "$TMP/ap/plan/02-foremal-och-uppdatering.md"
	sed -i 's/certificate_expires: 2027-06-30/certificate_expires: 2028-06-30/; s/class: A1/class: A2/' \
		"$TMP/ap/systems/dosportalen.md"
	git -C "$TMP/ap" commit -qam "version 2"
	run -C "$TMP/ap" approve --key "$TMP/k/anna.key" --decision 'Ledningsgruppen 1.12.2026 § 2'
	expect_rc 0
	run -C "$TMP/ap" bundle --edition tillsyn --recipient "$R" -o "$TMP/v2.tar.age"
	expect_rc 0
	run -C "$TMP/ap" bundle --edition personal --recipient "$R" -o "$TMP/v2p.tar.age"
	expect_rc 0
	mkdir -p "$TMP/desk"
}

test_diff_of_two_bundles() {
	two_versions
	# in a folder that is no repository: the bundles are all there is
	cd "$TMP/desk"
	run diff "$TMP/v1.tar.age" "$TMP/v2.tar.age" --identity "$TMP/sup.txt"
	expect_rc 0
	expect_out '^Changes from version 1 \([0-9a-f]{12}, bundle solbacka-vard-ab-v1-tillsyn\) to version 2 \([0-9a-f]{12}, bundle solbacka-vard-ab-v2-tillsyn\)$'
	expect_out '^  version 1 approved by anna \(ansvarig-forestandare\) on [0-9-]{10}$'
	expect_out '^  version 2 approved by anna \(ansvarig-forestandare\) on [0-9-]{10}$'
	expect_out '^  ~ 2 Föremålet för .*  plan/02-foremal-och-uppdatering.md:8  \+1 -1$'
	grep -A2 '^  ~ 2 Föremålet för' <<<"$OUT" | sed -n 2,3p >"$TMP/d-lines"
	printf '      - %s\n      + %s\n' 'Planen gäller en tjänstetillhandahållare inom socialvården.' \
		'Planen gäller nu en tjänstetillhandahållare inom socialvården.' | diff - "$TMP/d-lines" ||
		fail "the changed lines are not shown"
	expect_out '^  ~ systems/dosportalen.md  Dosportalen  class A1 → A2; certificate expires 2027-06-30 → 2028-06-30  \+2 -2$'
	expect_out '^1 section and 1 register entry changed.$'
	expect_no_out 'Not compared'
	[ -z "$ERR" ] || fail "a verified bundle's report is not the diff's business: $ERR"
	# the same from the organisation's repository (versions): the same changes
	local from_bundles=$OUT
	run -C "$TMP/ap" diff 1 2
	expect_rc 0
	diff <(sed 1d <<<"$from_bundles") <(sed 1d <<<"$OUT") || fail "bundles and versions differ"
	# one bundle against a version of the repository
	run -C "$TMP/ap" diff "$TMP/v1.tar.age" 2 --identity "$TMP/sup.txt"
	expect_rc 0
	expect_out '^1 section and 1 register entry changed.$'
	# JSON
	run diff "$TMP/v1.tar.age" "$TMP/v2.tar.age" --identity "$TMP/sup.txt" --format json
	expect_rc 0
	python3 - "$OUT" <<'EOF' || fail "the JSON is wrong"
import json, sys
if not __debug__:
    raise SystemExit("run without python -O")
d = json.loads(sys.argv[1])
for side, n in (("from", 1), ("to", 2)):
    s = d[side]
    assert s["version"] == n and s["source"] == "bundle" and s["edition"] == "tillsyn", s
    assert s["business_id"] == "2345678-0" and s["organisation"] == "Solbacka Vård Ab", s
    assert s["approved"] is True and len(s["commit"]) == 40, s
    assert [(a["name"], a["role"]) for a in s["approvals"]] == [("anna", "ansvarig-forestandare")], s
    assert len(s["approvals"][0]["key"]) == 16, s
c = {(x["group"], x["key"]): x for x in d["changes"]}
assert sorted(c) == [("section", "2"), ("system", "systems/dosportalen.md")], sorted(c)
sys_ = c[("system", "systems/dosportalen.md")]
assert sys_["detail"] == "class A1 → A2; certificate expires 2027-06-30 → 2028-06-30", sys_
assert d["withheld"] == [], d["withheld"]
EOF
}

test_diff_of_bundles_withheld_by_an_edition() {
	two_versions
	cd "$TMP/desk"
	run diff "$TMP/v1.tar.age" "$TMP/v2p.tar.age" --identity "$TMP/sup.txt"
	expect_rc 0
	expect_out '^Not compared: withheld by an edition \(8\)$'
	expect_out '^  systems/dosportalen.md$'
	expect_no_out '^  ~ systems/dosportalen.md'
	expect_out '^1 section changed.$'
}

test_diff_of_bundles_refuses_what_does_not_verify() {
	two_versions
	cd "$TMP/desk"
	# Anna's key pinned for another organisation only: not verified, so
	# not compared
	mkdir -p "$TMP/ring/1234567-1"
	cp "$TMP/k/anna.pub" "$TMP/ring/1234567-1/"
	run diff "$TMP/v1.tar.age" "$TMP/v2.tar.age" --identity "$TMP/sup.txt" --keyring "$TMP/ring"
	expect_rc 1
	expect_err 'v1.tar.age does not verify as an approved version \(see above\): diff compares approved versions only'
	expect_err 'NOT VERIFIED: no key is pinned for Solbacka Vård Ab'
	expect_no_out 'Changes from'
	# a forged bundle: one changed byte in a signed file
	run -C "$TMP/ap" bundle --format tar -o "$TMP/v2.tar"
	expect_rc 0
	tar_edit "$TMP/v2.tar" "$TMP/v2-forged.tar" '
k = [n for n in d if n.endswith("files/plan/03-allmanna-rutiner.md")][0]
d[k] = d[k].replace(b"a", b"o", 1)'
	run diff "$TMP/v1.tar.age" "$TMP/v2-forged.tar" --identity "$TMP/sup.txt"
	expect_rc 1
	expect_err 'files/plan/03-allmanna-rutiner.md: does not match its hash in the signed MANIFEST'
	expect_err 'v2-forged.tar does not verify as an approved version'
	# another organisation's approved version, with its key pinned for it:
	# the same key is now pinned for two organisations, and each of their
	# versions verifies (one approver may serve two)
	new_repo "$TMP/other"
	sed -i 's/business_id: "2345678-0"/business_id: "1234567-1"/; s/name: "Solbacka Vård Ab"/name: "Annan Vård Ab"/' \
		"$TMP/other/sakra.yml"
	cp "$TMP/k/anna.pub" "$TMP/other/keys/anna.pub"
	git -C "$TMP/other" add -A && git -C "$TMP/other" commit -qm "annan"
	run -C "$TMP/other" approve --key "$TMP/k/anna.key"
	expect_rc 0
	run -C "$TMP/other" bundle --format tar -o "$TMP/other.tar"
	expect_rc 0
	mkdir -p "$HOME/.config/sakra/keyring/1234567-1"
	cp "$TMP/k/anna.pub" "$HOME/.config/sakra/keyring/1234567-1/"
	run diff "$TMP/v1.tar.age" "$TMP/other.tar" --identity "$TMP/sup.txt"
	expect_rc 1
	expect_err 'is of business id 2345678-0 and version 1 \([0-9a-f]{12}, bundle annan-vard-ab-v1-alla\) of 1234567-1: diff compares versions of one organisation'
	# usage: a bundle and nothing to compare it with
	run diff "$TMP/v1.tar.age"
	expect_rc 2
	expect_err 'give the bundle to compare'
}
