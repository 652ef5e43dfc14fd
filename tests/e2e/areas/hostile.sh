# End-to-end tests: hostile input. Sourced by tests/e2e/run.sh
# with tests/e2e/lib.sh; every test_* function here is one test.

# --- hostile input -----------------------------------------------------------

test_hostile_binary() {
	hostile bin "head -c 65536 /dev/urandom > appendices/bin.md" '^appendices/bin.md:[0-9]+(:[0-9]+)?: error: (binary content|invalid UTF-8)'
}
test_hostile_long_line() {
	hostile long "{ printf -- '---\ntitle: x\nclassification: icke-offentlig\n---\n'; head -c 10485760 /dev/zero | tr '\\0' a; echo; } > appendices/long.md" \
		'^appendices/long.md:5: error: line is longer than 1048576 bytes.* \[doc.line-length\]$'
}
test_hostile_long_valid_paragraph() {
	# 900 KiB of text on one line is allowed, and fast.
	hostile longok "{ printf -- '---\ntitle: x\nclassification: icke-offentlig\n---\n'; head -c 921600 /dev/zero | tr '\\0' a; echo; } > appendices/longok.md" \
		'^0 errors, 0 warnings$'
}
test_hostile_nested_quotes() {
	hostile quotes "{ printf -- '---\ntitle: x\nclassification: icke-offentlig\n---\n'; head -c 100000 /dev/zero | tr '\\0' '>'; echo ' [x]'; } > appendices/q.md" \
		'^appendices/q.md:5: error: the document holds too much markup to read \(more than 150000 Markdown elements\).* \[doc.size\]$'
}
test_hostile_nested_brackets() {
	hostile brackets "{ printf -- '---\ntitle: x\nclassification: icke-offentlig\n---\n'; head -c 200000 /dev/zero | tr '\\0' '['; echo; head -c 200000 /dev/zero | tr '\\0' '*'; echo; } > appendices/b.md" \
		'^appendices/b.md:5: error: the document holds too much markup to read \(more than 150000 Markdown elements\).* \[doc.size\]$'
}
test_hostile_nested_lists() {
	hostile lists "{ printf -- '---\ntitle: x\nclassification: icke-offentlig\n---\n'; for i in \$(seq 0 2000); do printf '%*s- x\n' \$((i*2)) ''; done; } > appendices/l.md" \
		'^0 errors, 0 warnings$'
}
test_hostile_nested_yaml() {
	hostile yamlnest "{ printf -- '---\ntitle: x\nclassification: icke-offentlig\nowner: '; head -c 5000 /dev/zero | tr '\\0' '['; echo; printf -- '---\n'; } > appendices/y.md" \
		'^appendices/y.md:4:[0-9]+: error: front matter: YAML nested deeper than 32 levels \[doc.yaml\]$'
}
test_hostile_billion_laughs() {
	hostile laughs "cat > appendices/lol.md <<'MD'
---
title: x
classification: icke-offentlig
a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
---
MD" \
		'^appendices/lol.md:5:[0-9]+: error: front matter: YAML aliases \(\*a\) are not allowed.* \[doc.yaml\]$'
	expect_out 'sakra.yml|0 warnings|error'
	run -C "$TMP/hostile" check
	expect_rc 1
}
test_hostile_yaml_alias_in_config() {
	mutation 1 '^sakra.yml:[0-9]+:[0-9]+: error: YAML aliases .* \[config.yaml\]$' \
		"sed -i 's/^language: sv/language: \&l sv\nx: *l/' sakra.yml"
}
test_hostile_empty_and_fences() {
	hostile empty ": > appendices/empty.md; printf -- '---\n' > appendices/dash.md; printf -- '---\n---\n' > appendices/two.md; printf -- '---\n- a\n---\n' > appendices/list.md" \
		'^appendices/dash.md:1:1: error: front matter is not closed.* \[doc.front-matter\]$'
	expect_out '^appendices/empty.md:1:1: error: no front matter.* \[doc.front-matter\]$'
	expect_out '^appendices/two.md:[0-9]+:1: error: no classification.* \[doc.classification\]$'
	expect_out '^appendices/list.md:2:1: error: front matter must be a mapping.* \[doc.yaml\]$'
}
test_hostile_config() {
	for content in '' '---' '[' 'just text' $'organisation: {name: x}\nframework: [a]'; do
		new_repo "$TMP/cfg"
		printf '%s\n' "$content" >"$TMP/cfg/sakra.yml"
		run -C "$TMP/cfg" check || return 1
		expect_rc 1
		expect_out '^sakra.yml:[0-9]+:[0-9]+: error: '
	done
}
test_hostile_huge_markdown() {
	hostile huge "{ printf -- '---\ntitle: x\nclassification: icke-offentlig\n---\n'; head -c 17000000 /dev/zero | tr '\\0' 'a' | fold -w 100; } > appendices/huge.md" \
		'^appendices/huge.md: error: file is larger than 16 MiB \[doc.size\]$'
}
