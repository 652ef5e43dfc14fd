# End-to-end tests: the readers of what strangers send confine themselves
# (Landlock and seccomp: src/confine.c). The test hook SAKRA_TEST_CONFINE
# =probe=PATH makes sakra, once confined, try to create PATH and to run
# /bin/true, and say what each gave. Sourced by tests/e2e/run.sh.

# A plain tar bundle of the approved example plan: $TMP/v1.tar.
confine_bundle() {
	[ -f "$TMP/v1.tar" ] && return 0
	approved_repo "$TMP/cplan" || return 1
	run -C "$TMP/cplan" bundle --rev v1 --format tar -o "$TMP/v1.tar"
	expect_rc 0
}

# landlock_here: this kernel offers Landlock (else the tests that need it
# fail and say why, never pass quietly).
landlock_here() {
	python3 -c 'import ctypes,sys; l=ctypes.CDLL(None,use_errno=True); sys.exit(0 if l.syscall(444,None,0,1)>=1 else 1)' ||
		{ echo "this kernel does not offer Landlock: the confinement cannot be tested here"; return 1; }
}

test_open_writes_only_its_folder() {
	landlock_here && confine_bundle || return 1
	mkdir -p "$TMP/out"
	RC=0
	OUT=$(cd "$TMP/out" && SAKRA_TEST_CONFINE=probe=$TMP/outside.txt "$SAKRA" --verbose open \
		"$TMP/v1.tar" -o opened 2>"$TMP/stderr") || RC=$?
	ERR=$(cat "$TMP/stderr")
	expect_rc 0 || return 1
	expect_err "^sakra: confined: Landlock ABI [0-9]+: reads only its [0-9]+ inputs and the system's folders, writes only beneath opened\.tmp-" || return 1
	expect_err "; seccomp: no exec, no network sockets" || return 1
	expect_err "^sakra: confine probe: create $TMP/outside.txt: Permission denied$" || return 1
	expect_err "^sakra: confine probe: exec /bin/true: Operation not permitted$" || return 1
	[ ! -e "$TMP/outside.txt" ] || fail "the write outside the output folder went through" || return 1
	# the parent moved the folder to its name: whole, nothing beside it
	[ -f "$TMP/out/opened/site/index.html" ] && [ -f "$TMP/out/opened/MANIFEST" ] ||
		fail "not opened: $(ls -A "$TMP/out")" || return 1
	no_leftovers "$TMP/out"
}

# A bundle refused while confined leaves nothing: the parent removes the
# folder the confined child could not.
test_open_refused_confined_leaves_nothing() {
	confine_bundle || return 1
	tar_edit "$TMP/v1.tar" "$TMP/bad.tar" 'k=[n for n in d if n.endswith(".md") and "/files/" in n][0]; d[k]=d[k].replace(b"a",b"b",1)' ||
		return 1
	mkdir -p "$TMP/out2"
	RC=0
	OUT=$(cd "$TMP/out2" && "$SAKRA" open "$TMP/bad.tar" -o opened 2>"$TMP/stderr") || RC=$?
	ERR=$(cat "$TMP/stderr")
	expect_rc 1 || return 1
	expect_err "nothing was unpacked|does not match" || return 1
	[ -z "$(ls -A "$TMP/out2")" ] || fail "left behind: $(ls -A "$TMP/out2")"
}

# Without Landlock (as on an old kernel) it runs as before, says so under
# --verbose, and seccomp still forbids exec; the probe's write then goes
# through, which shows it is Landlock that stops it above.
test_open_without_landlock() {
	confine_bundle || return 1
	mkdir -p "$TMP/out3"
	RC=0
	OUT=$(cd "$TMP/out3" && SAKRA_TEST_CONFINE=no-landlock,probe=$TMP/outside3.txt "$SAKRA" \
		--verbose open "$TMP/v1.tar" -o opened 2>"$TMP/stderr") || RC=$?
	ERR=$(cat "$TMP/stderr")
	expect_rc 0 || return 1
	expect_err "^sakra: confined: Landlock is not used: this kernel does not offer it; seccomp: no exec" || return 1
	expect_err "^sakra: confine probe: create $TMP/outside3.txt: created$" || return 1
	expect_err "^sakra: confine probe: exec /bin/true: Operation not permitted$" || return 1
	[ -f "$TMP/out3/opened/MANIFEST" ] || fail "not opened"
	# without --verbose nothing is said
	rm -rf "$TMP/out3/opened"
	RC=0
	OUT=$(cd "$TMP/out3" && SAKRA_TEST_CONFINE=no-landlock "$SAKRA" open "$TMP/v1.tar" -o opened 2>"$TMP/stderr") || RC=$?
	ERR=$(cat "$TMP/stderr")
	expect_rc 0 && expect_no_err "confined"
}

test_verify_bundle_writes_nothing() {
	landlock_here && confine_bundle || return 1
	RC=0
	OUT=$(cd "$TMP" && SAKRA_TEST_CONFINE=probe=$TMP/here.txt "$SAKRA" --verbose verify v1.tar 2>"$TMP/stderr") || RC=$?
	ERR=$(cat "$TMP/stderr")
	expect_rc 0 || return 1
	expect_out "approved: every required role has signed" || return 1
	expect_err "writes nothing" || return 1
	expect_err "^sakra: confine probe: create $TMP/here.txt: Permission denied$" || return 1
	[ ! -e "$TMP/here.txt" ] || fail "verify wrote a file"
}

# strace shows the filter and the Landlock domain installed.
test_strace_shows_the_filter() {
	landlock_here && confine_bundle || return 1
	command -v strace >/dev/null || { echo "strace is not installed"; return 1; }
	# (a sanitizer build's leak checker cannot attach to a traced process:
	# off for this run)
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		strace -f -e trace=seccomp,landlock_restrict_self -o "$TMP/strace.txt" \
		"$SAKRA" verify "$TMP/v1.tar" >/dev/null 2>&1 || { echo "verify under strace failed"; return 1; }
	grep -qE '^[0-9]+ +seccomp\(SECCOMP_SET_MODE_FILTER, [A-Z_|]*TSYNC[A-Z_|]*, \{len=[0-9]+, filter=0x[0-9a-f]+\}\) += 0$' "$TMP/strace.txt" ||
		{ echo "no seccomp filter installed:"; cat "$TMP/strace.txt"; return 1; }
	grep -qE '^[0-9]+ +landlock_restrict_self\([0-9]+, 0\) += 0$' "$TMP/strace.txt" ||
		{ echo "no Landlock domain:"; cat "$TMP/strace.txt"; return 1; }
}

# inbox writes into its archive and nowhere else.
test_inbox_writes_only_its_archive() {
	landlock_here && confine_bundle || return 1
	mkdir -p "$TMP/in" && cp "$TMP/v1.tar" "$TMP/in/"
	run inbox "$TMP/in" --archive "$TMP/arch" --verbose
	# (the probe below; a plain run first files the bundle confined)
	expect_rc 0 || return 1
	expect_err "^sakra: confined: Landlock ABI [0-9]+: .* writes only beneath $TMP/arch" || return 1
	expect_out "2345678-0" || return 1
	SAKRA_TEST_CONFINE=probe=$TMP/in/planted.txt run inbox "$TMP/in" --archive "$TMP/arch"
	expect_err "^sakra: confine probe: create $TMP/in/planted.txt: Permission denied$" || return 1
	SAKRA_TEST_CONFINE=probe=$TMP/arch/probe.txt run inbox "$TMP/in" --archive "$TMP/arch"
	expect_err "^sakra: confine probe: create $TMP/arch/probe.txt: created$"
}

# The language server reads the plan an editor opens and writes nothing.
test_lsp_confined() {
	landlock_here || return 1
	new_repo "$TMP/lplan"
	local init='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"file://'$TMP/lplan'","capabilities":{}}}'
	local down='{"jsonrpc":"2.0","id":2,"method":"shutdown"}' bye='{"jsonrpc":"2.0","method":"exit"}'
	RC=0
	OUT=$(for m in "$init" "$down" "$bye"; do printf 'Content-Length: %d\r\n\r\n%s' "${#m}" "$m"; done |
		SAKRA_TEST_CONFINE=probe=$TMP/lplan/planted.txt "$SAKRA" --verbose lsp 2>"$TMP/stderr") || RC=$?
	ERR=$(cat "$TMP/stderr")
	expect_rc 0 || return 1
	expect_out '"serverInfo"' || return 1
	expect_err "^sakra: confined: Landlock ABI [0-9]+: .* writes nothing" || return 1
	expect_err "^sakra: confine probe: create $TMP/lplan/planted.txt: Permission denied$"
}
