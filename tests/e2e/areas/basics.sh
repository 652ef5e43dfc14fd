# End-to-end tests: the example plan, the basics, init. Sourced by tests/e2e/run.sh
# with tests/e2e/lib.sh; every test_* function here is one test.

# --- the example plan and the basics --------------------------------------

test_example_clean() {
	new_repo "$TMP/ex"
	run -C "$TMP/ex" check
	expect_rc 0
	[ "$OUT" = "0 errors, 0 warnings" ] || fail "example plan is not clean"
}

test_from_subdirectory() {
	new_repo "$TMP/ex"
	RC=0
	OUT=$(cd "$TMP/ex/plan" && "$SAKRA" check 2>&1) || RC=$?
	expect_rc 0
}

test_version_and_help() {
	run --version; expect_rc 0; expect_out '^sakra [0-9]+\.[0-9]+\.[0-9]+$'
	run --help; expect_rc 0; expect_out 'check'
	run check --help; expect_rc 0; expect_out '^usage: sakra check'
	run init --help; expect_rc 0; expect_out '^usage: sakra init'
}

test_usage_errors() {
	run frobnicate; expect_rc 2; expect_err 'not a sakra command'
	run check --bogus; expect_rc 2; expect_err "unknown option '--bogus'"
	run check --format xml; expect_rc 2; expect_err 'must be one of: text, json, sarif, codequality'
	new_repo "$TMP/ex"
	run -C "$TMP/ex" check --today 2026-13-01; expect_rc 2; expect_err 'not a date'
	run -C "$TMP/ex" check --color=sometimes; expect_rc 2; expect_err 'auto, always or never'
	run -C "$TMP/ex" check --rev no-such-rev; expect_rc 2; expect_err "unknown revision 'no-such-rev'"
}

test_not_a_plan() {
	mkdir -p "$TMP/empty"
	git -C "$TMP/empty" init -q
	run -C "$TMP/empty" check
	expect_rc 2
	expect_err 'no sakra.yml'
}

test_plain_directory() {
	rm -rf "$TMP/plain"
	cp -r "$FIX/example-plan" "$TMP/plain"
	run -C "$TMP/plain" check
	expect_rc 0
	run -C "$TMP/plain" check --rev HEAD
	expect_rc 2
	expect_err 'needs a git repository'
}

test_frameworks() {
	run frameworks; expect_rc 0; expect_out '^thl-3-2024 '
	run frameworks show thl-3-2024; expect_rc 0
	expect_out '^6\.1\.1 +Informationssystem \(klass A2 eller A3\) som ska anslutas till Kanta-tjänsterna +\[6\.5\]'
	expect_out 'field: Dataskyddsombud'
	expect_out '^9\.4 .*\(optional\)'
	# intervals the template leaves open are the organisation's, in its words
	expect_out '^  registerkontroll +e\.g\. +12 months +covers 6\.1\.5 8 .*\(how often: the organisation.s choice\)$'
	expect_out '^ +the source: "6\.4: vem/vilka som följer upp loggrapporterna eller logguppgifterna och hur ofta"$'
	expect_out '^marked at least sekretessbelagd: a legal basis citing JulkL, OffL, 621/1999, '
	run frameworks show thl-3-2024 --format json
	python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
o = {x["id"]: x for x in d["obligations"]}
assert all(x["interval"] == "organisation" and x["quote"] for x in o.values()), o
assert d["markings"][0]["at_least"] == "sekretessbelagd", d["markings"]' <<<"$OUT" || fail "frameworks JSON"
	run frameworks show nope; expect_rc 2; expect_err "unknown framework 'nope'"
}

# --- init ------------------------------------------------------------------

test_init() {
	run init "$TMP/new" --org 'Vård & Omsorg [Syd] Ab' --business-id 1234567-1
	expect_rc 0
	[ "$(git -C "$TMP/new" rev-list --count HEAD)" = 1 ] || fail "expected one commit"
	[ -z "$(git -C "$TMP/new" status --porcelain)" ] || fail "working tree not clean after init"
	git -C "$TMP/new" log -1 --format='%an <%ae>' | grep -q 'Test Editor <editor@example.org>' ||
		fail "commit author is not from git config"
	grep -q 'name: "Vård & Omsorg \[Syd\] Ab"' "$TMP/new/sakra.yml" || fail "org name not in sakra.yml"
	grep -q 'business_id: "1234567-1"' "$TMP/new/sakra.yml" || fail "business id not in sakra.yml"
	grep -q '^- Namn: Vård & Omsorg \\\[Syd\\\] Ab$' "$TMP/new/plan/02-foremal-och-uppdatering.md" ||
		fail "org name not escaped into chapter 2"
	grep -q '^- FO-nummer: 1234567-1$' "$TMP/new/plan/02-foremal-och-uppdatering.md" ||
		fail "business id not in chapter 2"
	for d in plan systems evidence appendices keys; do
		[ -d "$TMP/new/$d" ] || fail "missing $d/"
	done
	[ "$(ls "$TMP/new/plan" | wc -l)" = 9 ] || fail "expected nine chapter files"
	# every per-system template of the THL annex, and every obligation of the framework
	[ "$(grep -c '^## 9\.[1-4] System [XYZ] (' "$TMP/new/plan/09-systembeskrivningar.md")" = 4 ] ||
		fail "chapter 9 lacks one of 9.1-9.4"
	for o in plangranskning loggranskning utbildning registerkontroll; do
		grep -q "^  - { id: $o, " "$TMP/new/sakra.yml" || fail "sakra.yml does not promise $o"
	done
	# A fresh skeleton: required fields empty (errors), guidance left (warnings),
	# but the filled-in name and business ID are not findings.
	run -C "$TMP/new" check
	expect_rc 1
	expect_out "^plan/02-foremal-och-uppdatering.md:14:3: error: required field 'Ansvarig person/chef' is empty \[field.empty\]$"
	expect_out "^plan/03-allmanna-rutiner.md:[0-9]+:1: error: required field 'Dataskyddsombud' is empty \[field.empty\]$"
	expect_out 'warning: guidance left: \[.*\[placeholder\]$'
	# its sections say nothing yet (their structure is right)
	expect_out "^plan/04-fel-och-kontinuitet.md:6:1: error: section 4 .* says nothing yet.*\[section.empty\]$"
	expect_no_out "'Namn'|'FO-nummer'|section\.(missing|order|title|duplicate|unknown)|doc\.|config\.|link\."
	expect_out '^[1-9][0-9]* errors, [1-9][0-9]* warnings$'
}

test_init_without_org() {
	run init "$TMP/new2"
	expect_rc 0
	run -C "$TMP/new2" check
	expect_rc 1
	expect_out "^plan/02-foremal-och-uppdatering.md:12:3: error: required field 'Namn' is empty \[field.empty\]$"
	expect_out "^plan/02-foremal-och-uppdatering.md:13:3: error: required field 'FO-nummer' is empty \[field.empty\]$"
	expect_out '^sakra.yml:3:[0-9]+: warning: organisation.name is still a placeholder'
}

test_init_in_current_directory() {
	mkdir -p "$TMP/here"
	RC=0
	OUT=$(cd "$TMP/here" && "$SAKRA" init --quiet 2>&1) || RC=$?
	expect_rc 0
	[ -f "$TMP/here/sakra.yml" ] || fail "no sakra.yml in the current directory"
	ls -a "$TMP" "$TMP/here" | grep -q "\.tmp-" && fail "temporary directory left behind"
	[ -z "$(git -C "$TMP/here" status --porcelain)" ] || fail "the new repository is not clean"
	[ "$(git -C "$TMP/here" rev-list --count HEAD)" = 1 ] || fail "no first commit"
	return 0
}

test_init_refusals() {
	# one init that works, made here: what the refusals leave is compared with it
	rm -rf "$TMP/ir-ok"
	run init "$TMP/ir-ok"
	expect_rc 0
	mkdir -p "$TMP/full"
	echo keep >"$TMP/full/notes.txt"
	run init "$TMP/full"
	expect_rc 2; expect_err 'not empty'
	[ "$(ls -A "$TMP/full")" = notes.txt ] || fail "non-empty directory was modified"
	[ "$(cat "$TMP/full/notes.txt")" = keep ] || fail "file changed"

	run init "$TMP/badid" --business-id 1234567-2
	expect_rc 2; expect_err "'1234567-2' is not a valid Finnish business ID \(FO-nummer\): the form is NNNNNNN-C"
	[ ! -e "$TMP/badid" ] || fail "directory created despite a bad business ID"

	run init "$TMP/badfw" --framework nope
	expect_rc 2; expect_err "unknown framework 'nope'"
	[ ! -e "$TMP/badfw" ] || fail "directory created for an unknown framework"

	(HOME=$TMP/nohome; mkdir -p "$HOME"; run init "$TMP/noid"
	 expect_rc 2; expect_err 'git config --global user.name'
	 [ ! -e "$TMP/noid" ] || fail "directory created without a git identity")
	ls -a "$TMP" "$TMP/ir-ok" | grep -q "\.tmp-" && fail "temporary directory left behind"
	[ -z "$(git -C "$TMP/ir-ok" status --porcelain)" ] || fail "the new repository is not clean"
	[ "$(git -C "$TMP/ir-ok" rev-list --count HEAD)" = 1 ] || fail "no first commit"
	return 0
}
test_friction_check_files_help_and_did_you_mean() {
	new_repo "$TMP/fr"
	sed -i '/^Dataskyddsombud:/d' "$TMP/fr/$P3"
	printf 'x' >"$TMP/fr/appendices/lös.pdf"
	# check FILE...: the plan is checked whole, only those files reported
	run -C "$TMP/fr" check "$P3"
	expect_rc 1
	expect_out "^$P3:.*\[field.missing\]$"
	expect_no_out "lös.pdf"
	RC=0
	OUT=$(cd "$TMP/fr/plan" && "$SAKRA" check ../appendices 2>&1) || RC=$?
	expect_rc 1
	expect_out "^appendices/lös.pdf: error: no classification marking"
	expect_no_out "$P3"
	run -C "$TMP/fr" check plan/05-utbildning-och-anvisningar.md
	expect_rc 0
	expect_out '^0 errors, 0 warnings$'
	run -C "$TMP/fr" check /etc/passwd
	expect_rc 2
	expect_err "/etc/passwd is not in the plan"
	# COMMAND -h is COMMAND --help; as an option's value it stays a value
	local c
	for c in check status bundle build evidence keygen verify open approve hooks; do
		run "$c" -h
		expect_rc 0 || return 1
		expect_out "^usage: sakra $c" || return 1
	done
	run -C "$TMP/fr" evidence add ovning --covers 4 --title -h
	expect_rc 0
	grep -q '^title: "-h"$' "$OUT" || fail "-h as --title's value was taken for help"
	# did you mean: commands, options, editions, obligation ids
	run chek
	expect_rc 2
	expect_err "'chek' is not a sakra command; did you mean 'check'\?"
	run -C "$TMP/fr" bundle --editon tillsyn
	expect_rc 2
	expect_err "unknown option '--editon'; did you mean '--edition'\?"
	run -C "$TMP/fr" build --edition persnal -o "$TMP/fr-site"
	expect_rc 2
	expect_err "no edition 'persnal'; did you mean 'personal'\?"
	# another language's name of a promise is the promise: the record takes
	# the plan's own word, so it counts
	run -C "$TMP/fr" evidence add lokitarkastus --date 2026-11-22
	expect_rc 0
	expect_out 'evidence/2026/loggranskning-2026-11-22\.md$'
	grep -q '^  type: "loggranskning"$' "$TMP/fr/evidence/2026/loggranskning-2026-11-22.md" ||
		fail "the record's type" || return 1
	run -C "$TMP/fr" evidence add loggransking
	expect_rc 2
	expect_err "did you mean 'loggranskning'\?"
	run xyzzy
	expect_rc 2
	expect_no_err "did you mean"
}

# Options come from one table per command: --help lists each option the
# command accepts, a value outside an option's list is refused with the list,
# and the completion scripts offer the same options and values.
# The completion scripts installed from completions/ (make install never runs
# the binary it installs) are what this sakra generates: 'make completions'.
test_completion_files() {
	local f
	for f in bash:sakra.bash zsh:_sakra fish:sakra.fish; do
		LC_ALL=C LANGUAGE= "$SAKRA" completion "${f%%:*}" >"$TMP/c" ||
			fail "completion ${f%%:*} failed" || return 1
		cmp -s "$TMP/c" "$ROOT/completions/${f#*:}" ||
			fail "completions/${f#*:} is out of date: run 'make completions'" || return 1
	done
}

test_option_tables() {
	local c o
	for c in check bundle verify log inbox; do
		run "$c" --help
		expect_rc 0 || return 1
		for o in $("$SAKRA" completion bash | sed -n "s/^\t$c) opts=\"\([^\"]*\)\".*/\1/p"); do
			case $o in --color|--quiet|--verbose|--help) continue ;; esac
			printf '%s\n' "$OUT" | grep -q -- "^  $o\( \|$\)" || fail "$c --help does not list $o"
		done
	done
	run bundle --format rar
	expect_rc 2
	expect_err "^sakra bundle: --format must be one of: age, zip, tar$"
	run check --format xml
	expect_rc 2
	expect_err "--format must be one of: text, json, sarif, codequality"
	run completion bash
	expect_rc 0
	expect_out 'bundle:--format\) COMPREPLY=\(\$\(compgen -W "age zip tar"'
	expect_out 'log:--key\) COMPREPLY=\(\$\(compgen -f'
	run completion fish
	expect_out "__fish_seen_subcommand_from inbox' -l identity -r -F"
	# an option that needs a value and has none: a usage error, not a crash
	run log --format
	expect_rc 2
	expect_err "'--format' needs a value"
	run log --formt text
	expect_rc 2
	expect_err "unknown option '--formt'; did you mean '--format'"
}
