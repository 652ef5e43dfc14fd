# End-to-end tests: sakra lsp, the Language Server, driven by a scripted
# client and by Neovim's own LSP client. Sourced by tests/e2e/run.sh with
# tests/e2e/lib.sh; every test_* function here is one test.

test_lsp_protocol() {
	OUT= ERR=
	new_repo "$TMP/lsp"
	rm -rf "$TMP/lsp-disk"
	python3 "$E2E/py/lsp_protocol.py" "$SAKRA" "$TMP/lsp" "$TMP/lsp-disk" >"$TMP/lsp.log" 2>&1 ||
		{ cat "$TMP/lsp.log"; fail "the language server does not hold"; }
}

# Neovim (Debian's, with its built-in LSP client), configured by the file
# sakra ships (doc/editors/sakra.lua), opens a chapter, a line is deleted as
# a writer would, and the diagnostics it shows are the findings
# sakra check prints for the same text, on the same lines.
test_lsp_neovim() {
	OUT= ERR=
	new_repo "$TMP/nv"
	local f=plan/03-allmanna-rutiner.md
	PLAN=$TMP/nv SAKRA=$SAKRA FILE=$f OUT=$TMP/nv.out CONFIG=$ROOT/doc/editors/sakra.lua \
		timeout 120 nvim --headless --clean -c "luafile $ROOT/tests/lsp/nvim.lua" \
		>"$TMP/nv.log" 2>&1 || fail "nvim: $(cat "$TMP/nv.log")"
	grep -q "field.missing required field 'Dataskyddsombud'" "$TMP/nv.out" ||
		fail "Neovim shows: $(cat "$TMP/nv.out")"
	sed -i '/^Dataskyddsombud:/d' "$TMP/nv/$f"
	run -C "$TMP/nv" check
	expect_rc 1
	grep -oE "^$f:[0-9]+:[0-9]+: [a-z]+: .* \[[a-z.-]+\]$" <<<"$OUT" |
		sed -E "s|^$f:([0-9]+):([0-9]+): [a-z]+: (.*) \[([a-z.-]+)\]$|\1:\2 \4 \3|" >"$TMP/nv.want"
	diff "$TMP/nv.want" "$TMP/nv.out" || fail "Neovim and sakra check disagree"
}
