# memcheck: the main commands once each under valgrind's memcheck, which
# sees what the sanitizer build cannot (a read of memory nobody wrote, as a
# path read with readlink and searched before it was ended). Any report
# fails the test, whatever the command's exit code.

# vg: from here on, run sakra under memcheck; each run's report is a file
# of its own in $TMP/vg.
vg() {
	mkdir -p "$TMP/vg"
	cat >"$TMP/vg-sakra" <<EOF
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=no --track-origins=yes \\
	--log-file='$TMP/vg/vg.%p' '$1' "\$@"
EOF
	chmod +x "$TMP/vg-sakra"
	SAKRA=$TMP/vg-sakra
}

# vg_skip: true (and the test reported as skipped) for a sanitizer build,
# which runs under its own checker and not under valgrind, and under
# make check-offline when valgrind is not installed.
vg_skip() {
	if grep -qa '__asan_init' "$SAKRA"; then
		echo "a sanitizer build (memcheck runs on the plain build)" >"$TMP/skip"
		return 0
	fi
	command -v valgrind >/dev/null && return 1
	offline_skip "valgrind is not installed" && return 0
	echo "valgrind is not installed (make check installs it)"
	exit 1
}

# vg_clean: no run so far left a report. Valgrind 3.19 does not know the
# Landlock and seccomp calls of the confined readers (syscalls 444-446 and
# 317): its warning about them, and nothing else, is passed over (sakra
# then runs unconfined, as on a kernel without them).
vg_clean() {
	local f
	for f in "$TMP"/vg/vg.*; do
		[ -s "$f" ] || continue
		awk '/WARNING: unhandled amd64-linux syscall: (317|444|445|446)$/ { skip = 5 }
			skip > 0 { skip--; next } { print }' "$f" >"$f.kept"
		mv "$f.kept" "$f"
		[ -s "$f" ] || continue
		echo "memcheck reported:"
		head -40 "$f"
		return 1
	done
}

test_memcheck_plan_commands() {
	fresh
	! vg_skip || return 0
	local real=$SAKRA
	key anna ansvarig-forestandare
	vg "$real"
	run init "$TMP/mi" --org "Testvård Ab" --business-id 1234567-1
	expect_rc 0
	run -C "$TMP/mi" hooks install
	expect_rc 0
	grep -qF "SAKRA='$real'" "$TMP/mi/.git/hooks/pre-commit" || fail "the hook does not name this sakra"
	run -C "$TMP/mi" check
	expect_rc 1
	run -C "$TMP/mi" status
	run keygen --age --quiet -o "$TMP/mi-id.txt"
	expect_rc 0
	vg_clean
}

test_memcheck_approve_bundle_open() {
	fresh
	! vg_skip || return 0
	local real=$SAKRA
	approved_repo "$TMP/ma"
	supervisor
	vg "$real"
	run -C "$TMP/ma" check --strict
	expect_rc 0
	run -C "$TMP/ma" verify v1
	expect_rc 0
	run -C "$TMP/ma" bundle --edition tillsyn --recipient "$R" -o "$TMP/m.tar.age"
	expect_rc 0
	run verify "$TMP/m.tar.age" --identity "$TMP/sup.txt"
	expect_rc 0
	run open "$TMP/m.tar.age" --identity "$TMP/sup.txt" -o "$TMP/mo"
	expect_rc 0
	run -C "$TMP/ma" build --rev v1 -o "$TMP/msite"
	expect_rc 0
	run -C "$TMP/ma" log
	expect_rc 0
	# the supervisor's side, whose workers share the archive
	run diff "$TMP/m.tar.age" "$TMP/m.tar.age" --identity "$TMP/sup.txt"
	expect_rc 0
	expect_out '^No changes.$'
	mkdir -p "$TMP/min"
	cp "$TMP/m.tar.age" "$TMP/min/a.tar.age"
	cp "$TMP/m.tar.age" "$TMP/min/b.tar.age"
	run inbox "$TMP/min" --archive "$TMP/march" --identity "$TMP/sup.txt"
	expect_rc 0
	expect_out '^filed 1, filed before 1,'
	run inbox "$TMP/min" --archive "$TMP/march" --identity "$TMP/sup.txt"
	expect_rc 0
	expect_out '^filed 0, filed before 2,'
	vg_clean
}
