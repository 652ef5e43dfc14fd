# End-to-end tests: revisions, the working tree, output formats. Sourced by tests/e2e/run.sh
# with tests/e2e/lib.sh; every test_* function here is one test.

# --- revisions, working tree and output formats ------------------------------

test_rev_reads_the_commit() {
	new_repo "$TMP/ex"
	sed -i '/^Dataskyddsombud:/d' "$TMP/ex/$P3"
	run -C "$TMP/ex" check
	expect_rc 1; expect_out 'field.missing'
	run -C "$TMP/ex" check --rev HEAD
	expect_rc 0; expect_no_out 'field.missing'
	git -C "$TMP/ex" commit -qam "Ta bort dataskyddsombudet"
	run -C "$TMP/ex" check --rev HEAD~1
	expect_rc 0
	run -C "$TMP/ex" check --rev HEAD
	expect_rc 1; expect_out 'field.missing'
}

test_worktree_untracked_and_ignored() {
	new_repo "$TMP/ex"
	printf -- '---\ntitle: Ny\nclassification: icke-offentlig\n---\n[fyll i]\n' >"$TMP/ex/appendices/ny.md"
	printf -- 'x\n' >"$TMP/ex/appendices/ignored.tmp"
	echo '*.tmp' >"$TMP/ex/.gitignore"
	run -C "$TMP/ex" check
	expect_rc 0
	expect_out '^appendices/ny.md:5:1: warning: guidance left: \[fyll i\]'
	expect_no_out 'ignored.tmp'
	# A tracked file deleted in the working tree is not checked.
	rm "$TMP/ex/evidence/2026/utbildning-2026-05-20.md"
	run -C "$TMP/ex" check
	expect_rc 0
	expect_no_out 'utbildning-2026'
}

test_bare_clone() {
	new_repo "$TMP/ex"
	rm -rf "$TMP/bare.git"
	git clone -q --bare "$TMP/ex" "$TMP/bare.git"
	run -C "$TMP/bare.git" check --rev HEAD
	expect_rc 0
	expect_out '^0 errors, 0 warnings$'
	run -C "$TMP/bare.git" check
	expect_rc 2
	expect_err 'bare repository'
}

test_strict() {
	new_repo "$TMP/ex"
	printf '\n## 3.7 Extra\n' >>"$TMP/ex/$P3"
	run -C "$TMP/ex" check
	expect_rc 0
	run -C "$TMP/ex" check --strict
	expect_rc 1
}

test_color() {
	new_repo "$TMP/ex"
	printf '\n## 3.7 Extra\n' >>"$TMP/ex/$P3"
	run -C "$TMP/ex" --color=always check
	expect_out $'\033\\[1;33mwarning'
	run -C "$TMP/ex" check
	expect_no_out $'\033'
	OUT=$(NO_COLOR=1 "$SAKRA" -C "$TMP/ex" check --color=auto)
	expect_no_out $'\033'
}

# Every rule id is declared once, in the registry: what the sources report
# is in it, and the rule table (doc/rules.md) lists exactly its ids with
# their default severities.
test_rules_registry() {
	run check --rules --format json
	expect_rc 0
	python3 "$E2E/py/rules_registry.py" "$OUT" "$ROOT" || fail "the registry, the sources, the README and the man page disagree"
	run check --rules
	expect_rc 0
	expect_out '^config\.recipient +error +an edition'
}

# The README's tour of the commands is what 'sakra --help' lists, and the
# manual has a section for every command naming each of its options.
test_doc_tables() {
	run --help
	expect_rc 0
	python3 "$E2E/py/doc_tables.py" "$OUT" "$ROOT" "$SAKRA" || fail "the README or the manual disagrees with the commands"
}

test_json() {
	new_repo "$TMP/ex"
	sed -i '/^Dataskyddsombud:/d' "$TMP/ex/$P3"
	printf '\n[fyll i]\n' >>"$TMP/ex/$P3"
	run -C "$TMP/ex" check --format json
	expect_rc 1
	python3 "$E2E/py/check_json.py" "$OUT" || fail "JSON report is wrong"
	run -C "$TMP/ex" check --format json --rev HEAD
	expect_rc 0
	python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert len(d["revision"])==40 and d["diagnostics"]==[]' "$OUT" ||
		fail "JSON for a clean revision is wrong"
}

test_sarif() {
	new_repo "$TMP/ex"
	sed -i '/^Dataskyddsombud:/d' "$TMP/ex/$P3"
	printf '\n[fyll i]\n' >>"$TMP/ex/$P3"
	mkdir -p "$TMP/ex/appendices/med mellanslag"
	echo x >"$TMP/ex/appendices/med mellanslag/fil.pdf"
	run -C "$TMP/ex" check --format sarif
	expect_rc 1
	python3 "$E2E/py/sarif.py" "$OUT" "$(cd "$TMP/ex" && pwd -P)" || fail "SARIF report is wrong"
}

test_crlf_and_bom() {
	mutation 0 '^0 errors, 0 warnings$' \
		"sed -i 's/\$/\r/' $P3 && printf '\xef\xbb\xbf' | cat - $P2 > x && mv x $P2"
}
