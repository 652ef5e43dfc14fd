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
	mkdir -p "$TMP/desk" "$TMP/in"
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
	local diffed=$OUT
	# the history a bundle carries, as the repository's log shows it
	run log "$TMP/v2.tar.age" --identity "$TMP/sup.txt"
	expect_rc 0
	expect_out '^version 2  [0-9-]{10}  commit [0-9a-f]{12}  approved$'
	expect_out '^  anna \(ansvarig-forestandare\) [0-9-]{10}: Ledningsgruppen 1.12.2026 § 2$'
	expect_out '^    ~ systems/dosportalen.md$'
	expect_out '^version 1  [0-9-]{10}  commit [0-9a-f]{12}  approved$'
	local from_bundle=$OUT
	run -C "$TMP/ap" log
	expect_rc 0
	[ "$OUT" = "$from_bundle" ] || fail "a bundle's log is not the repository's: $(diff <(echo "$from_bundle") <(echo "$OUT"))"
	mkdir -p "$TMP/ring0/1234567-1"
	cp "$TMP/k/anna.pub" "$TMP/ring0/1234567-1/"
	run log "$TMP/v2.tar.age" --identity "$TMP/sup.txt" --keyring "$TMP/ring0"
	expect_rc 1
	expect_err 'v2.tar.age does not verify as an approved version \(see above\)'
	expect_no_out '^version'
	# the same from the organisation's repository (versions): the same changes
	local from_bundles=$diffed
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

# region_v1 DIR: the region fixture with an organisation number, approved
# by its director and council as version 1; their keys are $TMP/k/rd and rf.
region_v1() {
	new_repo "$1" region-plan
	sed -i 's/^  name: "Region Norrviken"$/&\n  business_id: "232100-0123"/' "$1/sakra.yml"
	key rd regiondirektor
	key rf regionfullmaktige
	cp "$TMP/k/rd.pub" "$TMP/k/rf.pub" "$1/keys/"
	git -C "$1" add -A && git -C "$1" commit -qm nycklar
	run -C "$1" approve --key "$TMP/k/rf.key"
	run -C "$1" approve --key "$TMP/k/rd.key"
	expect_rc 0
	expect_out 'approved: every required role has signed'
}

test_inbox_files_two_organisations() {
	two_versions
	region_v1 "$TMP/rg"
	run -C "$TMP/rg" bundle --edition tillsyn --recipient "$R" -o "$TMP/in/region-v1.tar.age"
	expect_rc 0
	# the region's version 2: the action plan changed; the director approves
	# and the council's part (the policy, unchanged) carries over
	sed -i '/^## 5.2 Åtgärder/a\\nEn ny åtgärd: loggranskning varje månad.' "$TMP/rg/plan/05-handlingsplan.md"
	git -C "$TMP/rg" commit -qam "handlingsplanen"
	run -C "$TMP/rg" approve --key "$TMP/k/rd.key"
	expect_rc 0
	expect_out 'approved: every required role has signed'
	run -C "$TMP/rg" bundle --edition tillsyn --recipient "$R" -o "$TMP/in/region-v2.tar.age"
	expect_rc 0
	cp "$TMP/v1.tar.age" "$TMP/v2.tar.age" "$TMP/v2p.tar.age" "$TMP/in/"
	# the same file sent twice: read once
	cp "$TMP/v1.tar.age" "$TMP/in/v1z-again.tar.age"
	# the supervisor's keyring: each organisation's approvers, in its folder
	local ring=$TMP/ring
	mkdir -p "$ring/2345678-0" "$ring/232100-0123"
	cp "$TMP/k/anna.pub" "$ring/2345678-0/"
	cp "$TMP/k/rd.pub" "$TMP/k/rf.pub" "$ring/232100-0123/"
	# two identities, as a team holding a key of its own and the agency's
	"$SAKRA" keygen --age --quiet -o "$TMP/team-id.txt" >/dev/null
	run inbox "$TMP/in" --archive "$TMP/arch" --keyring "$ring" --identity "$TMP/team-id.txt" \
		--identity "$TMP/sup.txt" --today 2027-01-10
	expect_rc 0
	expect_out '^filed    .*/in/v1.tar.age -> .*/arch/2345678-0/solbacka-vard-ab-v1-tillsyn \(version 1\)$'
	expect_out '^filed    .*/in/region-v1.tar.age -> .*/arch/232100-0123/region-norrviken-v1-tillsyn \(version 1\)$'
	expect_out '^filed before  .*/in/v1z-again.tar.age \(.*/arch/2345678-0/solbacka-vard-ab-v1-tillsyn\)$'
	expect_out '^filed 5, filed before 1, refused 0, conflicts 0; organisations in the archive: 2'
	[ -f "$TMP/arch/2345678-0/solbacka-vard-ab-v2-tillsyn/site/index.html" ] || fail "the site is not filed"
	# the region's two versions compared from its bundles: the council's
	# carried part named with the director's approval
	run diff "$TMP/in/region-v1.tar.age" "$TMP/in/region-v2.tar.age" --keyring "$ring" \
		--identity "$TMP/sup.txt"
	expect_rc 0
	expect_out '^  version 2 approved by .*\(regiondirektor\).*\(regionfullmaktige\)|^  version 2 approved by .*\(regionfullmaktige\).*\(regiondirektor\)'
	expect_out '^  ~ 5.2 Åtgärder.*  plan/05-handlingsplan.md:[0-9]+  \+1 -0$'
	expect_out '^      \+ En ny åtgärd: loggranskning varje månad.$'
	expect_out '^1 section changed.$'
	# a run cut off left its staging folder; a process that is gone
	local gone
	gone=$(sh -c 'echo $$')
	mkdir -p "$TMP/arch/.incoming-$gone-3/files"
	# a second run files nothing new, and clears what the cut-off one left
	run inbox "$TMP/in" --archive "$TMP/arch" --keyring "$ring" --identity "$TMP/sup.txt" --today 2027-01-10
	expect_rc 0
	expect_out '^filed 0, filed before 6, refused 0, conflicts 0; organisations in the archive: 2'
	[ ! -e "$TMP/arch/.incoming-$gone-3" ] || fail "a cut-off run's staging folder is left"
	python3 - "$TMP/arch" <<'PY' || fail "the overview is wrong"
import csv, json, sys
if not __debug__:
    raise SystemExit("run without python -O")
arch = sys.argv[1]
o = json.load(open(arch + "/overview.json"))
orgs = {x["business_id"]: x for x in o["organisations"]}
assert sorted(orgs) == ["232100-0123", "2345678-0"], sorted(orgs)
s = orgs["2345678-0"]
assert s["name"] == "Solbacka Vård Ab" and s["framework"] == "thl-3-2024@2", s
assert s["latest"]["version"] == 2 and s["latest"]["edition"] == "tillsyn", s["latest"]
assert s["latest"]["approvers"][0]["role"] == "ansvarig-forestandare", s["latest"]
assert s["previous"]["version"] == 1, s
assert [c["number"] for c in s["changed_sections"]] == ["2"], s["changed_sections"]
assert s["changes"] == "2345678-0/changes-v1-v2.html", s["changes"]
diffpage = open(arch + "/" + s["changes"]).read()
assert "      - Planen gäller en tjänstetillhandahållare inom socialvården." in diffpage, diffpage
assert "      + Planen gäller nu en tjänstetillhandahållare inom socialvården." in diffpage
assert "class A1 → A2; certificate expires 2027-06-30 → 2028-06-30" in diffpage
assert "<script" not in diffpage
assert [x["id"] for x in s["obligations_overdue"]] == ["loggranskning"], s["obligations_overdue"]
r = orgs["232100-0123"]
assert r["framework"] == "msb-region@2" and r["latest"]["version"] == 2, r
assert r["previous"]["version"] == 1 and [c["number"] for c in r["changed_sections"]] == ["5.2"], r
assert r["changes"] == "232100-0123/changes-v1-v2.html", r
assert {a["role"] for a in r["latest"]["approvers"]} == {"regiondirektor", "regionfullmaktige"}, r
# most urgent first: the one with an overdue obligation
assert o["organisations"][0]["business_id"] == "2345678-0", [x["business_id"] for x in o["organisations"]]
assert o["refused"] == [] and o["conflicts"] == []
rows = list(csv.DictReader(open(arch + "/overview.csv", newline="")))
assert [x["business_id"] for x in rows] == ["2345678-0", "232100-0123"], rows
assert rows[0]["changed_sections"] == "2" and rows[0]["obligations_overdue"] == "loggranskning", rows[0]
page = open(arch + "/index.html").read()
assert 'href="2345678-0/solbacka-vard-ab-v2-tillsyn/site/index.html"' in page
assert 'href="2345678-0/changes-v1-v2.html"' in page
assert "<script" not in page and "http" not in page.replace("http-equiv", "")
assert "Sekretessbelagd" in page or "sekretessbelagd" in page, "the page does not carry the markings"
PY
}

test_inbox_refuses_and_finds_equivocation() {
	two_versions
	local ring=$TMP/ring
	mkdir -p "$ring/2345678-0" "$ring/1234567-1"
	cp "$TMP/k/anna.pub" "$ring/2345678-0/"
	cp "$TMP/v1.tar.age" "$TMP/in/"
	# an unpinned signer: Bo signs for an organisation the keyring does not
	# know him in; and Anna's key placed in another organisation's folder
	# does not count for that organisation's plans
	new_repo "$TMP/other"
	sed -i 's/business_id: "2345678-0"/business_id: "1234567-1"/; s/name: "Solbacka Vård Ab"/name: "Annan Vård Ab"/' \
		"$TMP/other/sakra.yml"
	key bo ansvarig-forestandare
	cp "$TMP/k/bo.pub" "$TMP/other/keys/"
	git -C "$TMP/other" add -A && git -C "$TMP/other" commit -qm annan
	run -C "$TMP/other" approve --key "$TMP/k/bo.key"
	expect_rc 0
	run -C "$TMP/other" bundle --edition tillsyn --recipient "$R" -o "$TMP/in/annan.tar.age"
	expect_rc 0
	cp "$TMP/k/anna.pub" "$ring/1234567-1/"
	# a forged bundle
	run -C "$TMP/ap" bundle --format tar -o "$TMP/v2.tar"
	tar_edit "$TMP/v2.tar" "$TMP/in/forged.tar" '
k = [n for n in d if n.endswith("files/plan/03-allmanna-rutiner.md")][0]
d[k] = d[k].replace(b"a", b"o", 1)'
	cp "$TMP/in/forged.tar" "$TMP/in/forged-again.tar"
	# an equivocating "version 2": approved from another commit in a copy
	# of the history (the organisation's tag moved by hand)
	git clone -q "$TMP/ap" "$TMP/eq"
	git -C "$TMP/eq" fetch -q origin 'refs/tags/*:refs/tags/*'
	git -C "$TMP/eq" reset -q --hard approved/v1
	git -C "$TMP/eq" tag -d approved/v2 >/dev/null
	printf '\nEn annan mening.\n' >>"$TMP/eq/plan/04-fel-och-kontinuitet.md"
	git -C "$TMP/eq" commit -qam "en annan version 2"
	run -C "$TMP/eq" approve --key "$TMP/k/anna.key"
	expect_rc 0
	expect_out 'approved/v2'
	run -C "$TMP/eq" bundle --edition tillsyn --recipient "$R" -o "$TMP/in/v2-other.tar.age"
	expect_rc 0
	cp "$TMP/v2.tar.age" "$TMP/in/v2.tar.age"
	run inbox "$TMP/in" --archive "$TMP/arch" --keyring "$ring" --identity "$TMP/sup.txt" --today 2027-01-10
	expect_rc 1
	expect_out '^REFUSED  .*/in/annan.tar.age: no key is pinned for Annan Vård Ab \(business id 1234567-1\)|^REFUSED  .*/in/annan.tar.age: not approved'
	# v2-other.tar.age sorts before v2.tar.age: filed first; the other is the conflict
	expect_out '^CONFLICT .*/in/v2.tar.age: version 2 of Solbacka Vård Ab \(2345678-0\) was filed from v2-other.tar.age \(commit [0-9a-f]{12}\); this one is commit [0-9a-f]{12}: two different versions under one number, not filed$'
	# forged-again.tar sorts first: it is read, the other is the same bytes
	expect_out '^REFUSED  .*/in/forged-again.tar: .*files/plan/03-allmanna-rutiner.md: does not match'
	expect_out '^REFUSED  .*/in/forged.tar: the same file as .*/in/forged-again.tar, not filed \(above\)$'
	expect_out '^filed 2, filed before 0, refused 3, conflicts 1;'
	[ ! -e "$TMP/arch/1234567-1" ] || fail "a refused bundle was filed"
	[ -z "$(ls -A "$TMP/arch" | grep '^\.incoming')" ] || fail "staging left behind"
	python3 - "$TMP/arch/overview.json" <<'PY' || fail "the overview's refusals are wrong"
import json, sys
if not __debug__:
    raise SystemExit("run without python -O")
o = json.load(open(sys.argv[1]))
assert len(o["refused"]) == 3 and len(o["conflicts"]) == 1, o
c = o["conflicts"][0]
assert c["business_id"] == "2345678-0" and c["version"] == 2 and len(c["commits"]) == 2, c
assert c["commits"][0] != c["commits"][1]
PY
	# another shard of the team filed the other "version 2": merged, the
	# two shards' overview finds the conflict, and links into both
	mkdir -p "$TMP/in-b"
	cp "$TMP/v2.tar.age" "$TMP/in-b/"
	run inbox "$TMP/in-b" --archive "$TMP/team/b" --keyring "$ring" --identity "$TMP/sup.txt" --today 2027-01-10
	expect_rc 0
	run inbox --merge "$TMP/arch" "$TMP/team/b" --archive "$TMP/team" --today 2027-01-10 --format json
	expect_rc 1
	python3 - "$OUT" "$TMP/team" <<'PY' || fail "the merged overview is wrong"
import json, os, sys
if not __debug__:
    raise SystemExit("run without python -O")
o = json.loads(sys.argv[1])
team = sys.argv[2]
assert [x["business_id"] for x in o["organisations"]] == ["2345678-0"], o["organisations"]
c = o["conflicts"]
assert len(c) == 1 and c[0]["version"] == 2 and c[0]["commits"][0] != c[0]["commits"][1], c
assert sorted(c[0]["files"]) == ["../arch/2345678-0/solbacka-vard-ab-v2-tillsyn",
                                 "b/2345678-0/solbacka-vard-ab-v2-tillsyn"], c
latest = o["organisations"][0]["latest"]
# the diff page of the merged overview lies in it
assert os.path.isfile(os.path.join(team, o["organisations"][0]["changes"])), o["organisations"][0]
assert os.path.isdir(os.path.join(team, latest["path"], "site")), latest
assert open(os.path.join(team, "overview.json")).read().count('"conflicts"') == 1
page = open(os.path.join(team, "index.html")).read()
assert 'href="' + latest["path"] + '/site/index.html"' in page
PY
	# usage
	run inbox "$TMP/in"
	expect_rc 2
	expect_err 'give --archive ARCH'
	run inbox --merge --archive "$TMP/team"
	expect_rc 2
	expect_err 'give the archives to merge'
}
