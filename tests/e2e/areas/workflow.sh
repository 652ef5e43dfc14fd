# End-to-end tests: keys, leftovers, the README walk-through, hooks, CI, completion. Sourced by tests/e2e/run.sh
# with tests/e2e/lib.sh; every test_* function here is one test.

# --- keys ----------------------------------------------------------------------

test_keygen_interop() {
	mkdir -p "$TMP/keys"
	echo 'rätt häst' >"$TMP/keys/pass"
	run keygen --name 'Anna Lind' --role ansvarig-forestandare -o "$TMP/keys/anna" \
		--passphrase-file "$TMP/keys/pass"
	expect_rc 0
	expect_out '^key [0-9A-F]{16} for Anna Lind \(ansvarig-forestandare\)$'
	head -1 "$TMP/keys/anna.pub" | grep -qE '^untrusted comment: minisign public key [0-9A-F]{16} name="Anna Lind" role=ansvarig-forestandare$' ||
		fail "public key comment"
	[ "$(stat -c %a "$TMP/keys/anna.key")" = 600 ] || fail "secret key mode is not 0600"
	grep -q 'rätt' "$TMP/keys/anna.key" && fail "passphrase in the key file"
	# minisign signs with the sakra key (decrypting it with the passphrase)
	# and verifies with the sakra public key.
	echo 'ett dokument' >"$TMP/keys/doc"
	minisign -S -s "$TMP/keys/anna.key" -m "$TMP/keys/doc" -t 'via minisign' <"$TMP/keys/pass" >/dev/null 2>&1 ||
		fail "minisign cannot sign with a sakra key"
	minisign -V -p "$TMP/keys/anna.pub" -m "$TMP/keys/doc" | grep -q 'Trusted comment: via minisign' ||
		fail "minisign cannot verify with a sakra public key"
	# Nothing is overwritten.
	local sum
	sum=$(sha256sum "$TMP/keys/anna.key")
	run keygen --name 'Anna Lind' --role ansvarig-forestandare -o "$TMP/keys/anna" --no-passphrase
	expect_rc 2
	expect_err 'already exists'
	[ "$(sha256sum "$TMP/keys/anna.key")" = "$sum" ] || fail "secret key overwritten"
}
test_leftovers_are_not_the_plan() {
	# What editors, office suites and desktops leave beside open files is
	# neither checked nor a change that stops approve, ignored or not.
	new_repo "$TMP/lo"
	key anna ansvarig-forestandare
	cp "$TMP/k/anna.pub" "$TMP/lo/keys/anna.pub"
	git -C "$TMP/lo" add keys && git -C "$TMP/lo" commit -qm nyckel
	printf 'x' >"$TMP/lo/appendices/~\$policy.docx"
	printf 'x' >"$TMP/lo/plan/#03-allmanna-rutiner.md#"
	printf 'x' >"$TMP/lo/plan/.#03-allmanna-rutiner.md"
	printf 'x' >"$TMP/lo/plan/.03-allmanna-rutiner.md.swp"
	printf 'x' >"$TMP/lo/plan/03-allmanna-rutiner.md~"
	printf 'x' >"$TMP/lo/appendices/.~lock.policy.odt#"
	printf 'x' >"$TMP/lo/evidence/.DS_Store"
	printf 'x' >"$TMP/lo/evidence/Thumbs.db"
	mkdir -p "$TMP/lo/_site/all" && printf 'x' >"$TMP/lo/_site/all/index.html"
	run -C "$TMP/lo" check
	expect_rc 0
	expect_no_out 'file.marking'
	run -C "$TMP/lo" approve --key "$TMP/k/anna.key"
	expect_rc 0
	# a real new file still counts, and is named
	printf -- '---\ntitle: Ny\nclassification: intern\n---\nText.\n' >"$TMP/lo/appendices/ny.md"
	git -C "$TMP/lo" commit -qm tom --allow-empty
	run -C "$TMP/lo" approve --key "$TMP/k/anna.key"
	expect_rc 1
	expect_err 'not committed \(appendices/ny.md\); commit them'
	# init's .gitignore names them too
	run init "$TMP/lo-new" --org 'X Ab' --business-id 1234567-1
	for p in '/_site/' '/_bundles/' '~$*' '.~lock.*#' '*~' '.#*' '.DS_Store' 'Thumbs.db'; do
		grep -qxF -- "$p" "$TMP/lo-new/.gitignore" || fail ".gitignore lacks $p"
	done
}
# The README's walk-through, from init to the supervisor opening the bundle,
# runs as written: the editor is a script that fills the chapters and the
# register from the example plan, the passphrases come from a file, and the
# supervisor's recipient and the bundle's path are the real ones.
test_readme_walkthrough() {
	local work=$TMP/walk
	rm -rf "$work"
	mkdir -p "$work/office/Hämtningar" "$work/supervisor"
	printf '%%PDF-1.4 granskning\n' >"$work/office/Hämtningar/granskning-2026-11.pdf"
	echo 'en lång lösenfras' >"$work/pass"
	cp "$HOME/.gitconfig" "$work/office/"
	OUT= ERR=
	cat >"$work/editor" <<EDITOR
#!/bin/sh
# fills what the README opens from the example plan
for f in "\$@"; do
	case \$f in
	plan/*) cp "$FIX/example-plan/\$f" "\$f"
		cp -n "$FIX/example-plan/appendices/"* appendices/ ;;
	evidence/*) sed -i 's/^\[Beskriv .*\]\$/Anna Lind granskade loggarna; inga avvikelser./' "\$f" ;;
	systems/*) cp -n "$FIX/example-plan/systems/"* systems/
		sed 's/^  name: Omsorg Pro$/  name: Klientdata/; s/^title: .*/title: "Klientdata"/' \
			"$FIX/example-plan/systems/omsorg-pro.md" >"\$f" ;;
	esac
done
EDITOR
	chmod +x "$work/editor"
	python3 "$E2E/py/readme_walkthrough.py" "$ROOT/README.md" "$work" "$SAKRA" || fail "the README walk-through does not run as written"
}
test_hooks_pre_commit() {
	new_repo "$TMP/hk"
	run -C "$TMP/hk" hooks install
	expect_rc 0
	expect_out "^installed $TMP/hk/.git/hooks/pre-commit: it refuses a commit that adds check errors$"
	expect_out "^  runs $SAKRA \(or sakra on PATH if that is gone\)$"
	[ -x "$TMP/hk/.git/hooks/pre-commit" ] || fail "the hook is not executable"
	grep -qF "SAKRA='$SAKRA'" "$TMP/hk/.git/hooks/pre-commit" || fail "the hook does not name this sakra"
	# a commit that adds an error is refused, with the findings
	sed -i '/^Dataskyddsombud:/d' "$TMP/hk/$P3"
	git -C "$TMP/hk" add -A
	RC=0
	OUT=$(git -C "$TMP/hk" commit -qm "utan dataskyddsombud" 2>&1) || RC=$?
	[ "$RC" != 0 ] || fail "the commit was not refused"
	expect_out "required field 'Dataskyddsombud' is missing.*\[field.missing\]"
	expect_out "the commit is refused: it adds the errors above"
	[ "$(git -C "$TMP/hk" rev-list --count HEAD)" = 1 ] || fail "a commit was made"
	# --no-verify commits anyway; then a commit adding nothing new passes
	git -C "$TMP/hk" commit -qm "ändå" --no-verify
	printf '\nEn rad till.\n' >>"$TMP/hk/plan/04-fel-och-kontinuitet.md"
	git -C "$TMP/hk" add -A
	git -C "$TMP/hk" commit -qm "en rad" >/dev/null 2>&1 || fail "a commit adding no error was refused"
	# what is checked is the index: an unstaged error does not stop a commit
	printf '\nEj tillämpligt:\n' >>"$TMP/hk/plan/05-utbildning-och-anvisningar.md"
	printf '\nÄnnu en rad.\n' >>"$TMP/hk/plan/04-fel-och-kontinuitet.md"
	git -C "$TMP/hk" add plan/04-fel-och-kontinuitet.md
	git -C "$TMP/hk" commit -qm "index" >/dev/null 2>&1 || fail "an unstaged error stopped the commit"
	# 'git commit -a' and 'git commit FILE' commit a temporary index that
	# git names in GIT_INDEX_FILE: that is what is checked
	RC=0
	OUT=$(git -C "$TMP/hk" commit -qam "med -a" 2>&1) || RC=$?
	[ "$RC" != 0 ] || fail "'git commit -a' let an error in"
	expect_out "plan/05-utbildning-och-anvisningar.md:[0-9]+:[0-9]+: error: "
	RC=0
	OUT=$(git -C "$TMP/hk" commit -qm "en fil" plan/05-utbildning-och-anvisningar.md 2>&1) || RC=$?
	[ "$RC" != 0 ] || fail "'git commit FILE' let an error in"
	expect_out "plan/05-utbildning-och-anvisningar.md:[0-9]+:[0-9]+: error: "
	[ "$(git -C "$TMP/hk" rev-list --count HEAD)" = 4 ] || fail "a commit was made"
	git -C "$TMP/hk" add -A
	git -C "$TMP/hk" commit -qm "nu" >/dev/null 2>&1 && fail "a staged error passed"
	# installing again updates sakra's own hook
	run -C "$TMP/hk" hooks install
	expect_rc 0
	expect_out '^updated '
	# a hook sakra did not write is never replaced
	printf '#!/bin/sh\necho mitt\n' >"$TMP/hk/.git/hooks/pre-commit"
	run -C "$TMP/hk" hooks install
	expect_rc 1
	expect_err "pre-commit exists and sakra did not write it"
	expect_err "check --index --new-since HEAD --pre-commit \|\| exit 1"
	[ "$(cat "$TMP/hk/.git/hooks/pre-commit")" = "$(printf '#!/bin/sh\necho mitt')" ] || fail "the hook was changed"
	# core.hooksPath is where git looks
	git -C "$TMP/hk" config core.hooksPath .githooks
	run -C "$TMP/hk" hooks install
	expect_rc 0
	[ -x "$TMP/hk/.githooks/pre-commit" ] || fail "core.hooksPath ignored"
	run hooks frob
	expect_rc 2
	run -C "$TMP/hk" check --index --rev HEAD
	expect_rc 2; expect_err '\-\-index and \-\-rev exclude each other'
	run -C "$TMP/hk" check --new-since nosuch
	expect_rc 2; expect_err "unknown revision 'nosuch'"
}
# The team's server holds the line: real pushes to a bare repository with
# sakra's pre-receive hook.
test_hooks_server() {
	fresh
	approved_repo "$TMP/ap"
	server_for "$TMP/ap" "$TMP/server.git"
	expect_out "^installed $TMP/server.git/hooks/pre-receive: pushes that break the plan or its approvals are refused$"
	run -C "$TMP/ap" hooks install --server
	expect_rc 2; expect_err 'bare repository'
	# a clean plan and a valid approval are accepted
	RC=0; OUT=$(git -C "$TMP/ap" push origin main 'refs/tags/*' 2>&1) || RC=$?
	expect_rc 0
	expect_out 'remote: sakra: the push keeps the plan and its approvals whole'
	[ "$(git -C "$TMP/server.git" rev-parse main)" = "$(git -C "$TMP/ap" rev-parse main)" ] || fail "main not pushed"
	git -C "$TMP/server.git" rev-parse -q --verify refs/tags/approved/v1 >/dev/null || fail "tag not pushed"
	# a commit that breaks the plan is refused, with the findings
	sed -i '/^Dataskyddsombud:/d' "$TMP/ap/$P3"
	git -C "$TMP/ap" commit -qam "utan dataskyddsombud"
	RC=0; OUT=$(git -C "$TMP/ap" push origin main 2>&1) || RC=$?
	[ "$RC" != 0 ] || fail "a broken plan was accepted"
	expect_out "remote: $P3:8:1: error: required field 'Dataskyddsombud' is missing"
	expect_out 'remote: sakra: refused: refs/heads/main would move to [0-9a-f]{12}, which has 1 check error'
	[ "$(git -C "$TMP/server.git" rev-parse main)" = "$(git -C "$TMP/ap" rev-parse main~1)" ] || fail "main moved"
	# other branches are the team's own business
	RC=0; OUT=$(git -C "$TMP/ap" push origin main:utkast 2>&1) || RC=$?
	expect_rc 0
	git -C "$TMP/ap" reset -q --hard HEAD~1
	# a forged approval tag is refused; so is moving or deleting a real one
	git -C "$TMP/ap" tag -a approved/v2 -m 'inte en signatur' HEAD
	RC=0; OUT=$(git -C "$TMP/ap" push origin refs/tags/approved/v2 2>&1) || RC=$?
	[ "$RC" != 0 ] || fail "a forged tag was accepted"
	expect_out 'remote: sakra: refused: refs/tags/approved/v2 does not verify'
	git -C "$TMP/server.git" rev-parse -q --verify refs/tags/approved/v2 >/dev/null && fail "forged tag landed"
	git -C "$TMP/ap" tag -d approved/v2 >/dev/null
	git -C "$TMP/ap" tag -f -a approved/v1 -m 'flyttad' HEAD~1 >/dev/null 2>&1
	RC=0; OUT=$(git -C "$TMP/ap" push -f origin refs/tags/approved/v1 2>&1) || RC=$?
	[ "$RC" != 0 ] || fail "a moved tag was accepted"
	expect_out 'remote: sakra: refused: refs/tags/approved/v1 is an approved version; it is never moved'
	RC=0; OUT=$(git -C "$TMP/ap" push origin :refs/tags/approved/v1 2>&1) || RC=$?
	[ "$RC" != 0 ] || fail "a deleted tag was accepted"
	expect_out 'it is never deleted'
	git -C "$TMP/server.git" rev-parse -q --verify refs/tags/approved/v1 >/dev/null || fail "tag gone"
	# a second real approval, pushed with its commit, is accepted
	git -C "$TMP/ap" fetch -q -f origin 'refs/tags/*:refs/tags/*'
	printf '\nEn rad.\n' >>"$TMP/ap/plan/04-fel-och-kontinuitet.md"
	git -C "$TMP/ap" commit -qam "v2"
	run -C "$TMP/ap" approve --key "$TMP/k/anna.key"
	expect_rc 0
	RC=0; OUT=$(git -C "$TMP/ap" push origin main refs/tags/approved/v2 2>&1) || RC=$?
	expect_rc 0
	git -C "$TMP/server.git" rev-parse -q --verify refs/tags/approved/v2 >/dev/null || fail "v2 not pushed"
}
# The CI templates are YAML, and their sakra commands run as written on the
# example plan (the step that installs sakra from SAKRA_SOURCE aside).
test_ci_templates() {
	local forge
	mkdir -p "$TMP/cibin"
	ln -sf "$SAKRA" "$TMP/cibin/sakra"
	for forge in github forgejo gitlab; do
		new_repo "$TMP/ci-$forge"
		run -C "$TMP/ci-$forge" ci "$forge"
		expect_rc 0
		expect_out '^wrote .*: set the forge.s variable SAKRA_SOURCE'
		run -C "$TMP/ci-$forge" ci "$forge"
		expect_rc 1; expect_err 'exists; it is left as it is'
		python3 "$E2E/py/ci_templates.py" "$TMP/ci-$forge" "$forge" "$TMP/cibin" || fail "$forge: the template does not run"
	done
	# a broken plan: the report lists the finding, and the last step fails
	sed -i '/^Dataskyddsombud:/d' "$TMP/ci-gitlab/$P3"
	run -C "$TMP/ci-gitlab" check --format codequality
	expect_rc 1
	python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
x = [i for i in d if i["check_name"] == "field.missing"][0]
assert x["severity"] == "major" and x["location"]["path"] == "plan/03-allmanna-rutiner.md", x
assert x["location"]["lines"]["begin"] == 8 and len(x["fingerprint"]) == 64, x' <<<"$OUT" || fail "codequality report"
	# init can add one to a new plan's first commit
	run init "$TMP/ci-new" --org 'X Ab' --ci gitlab
	expect_rc 0
	git -C "$TMP/ci-new" show --name-only HEAD | grep -qx '.gitlab-ci.yml' || fail "not in the first commit"
	run init "$TMP/ci-bad" --ci jenkins
	expect_rc 2
	[ ! -e "$TMP/ci-bad" ] || fail "written despite an unknown forge"
}
# Shell completion comes from the commands' own option tables: it offers
# what --help documents, values from the plan and git, and the scripts run.
test_completion() {
	approved_repo "$TMP/cmp"
	run completion bash
	expect_rc 0
	printf '%s\n' "$OUT" >"$TMP/sakra.bash"
	bash -n "$TMP/sakra.bash" || fail "bash: syntax"
	mkdir -p "$TMP/cmpbin" && ln -sf "$SAKRA" "$TMP/cmpbin/sakra"
	(cd "$TMP/cmp" && PATH=$TMP/cmpbin:$PATH bash -c '
		source "$1"
		t() { COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMPREPLY=(); _sakra; echo "${COMPREPLY[*]}"; }
		[ "$(t sakra ch)" = check ] || exit 11
		[ "$(t sakra check --for)" = --format ] || exit 12
		[ "$(t sakra check --format "")" = "text json sarif codequality" ] || exit 13
		[ "$(t sakra bundle --format "")" = "age zip tar" ] || exit 14
		[ "$(t sakra bundle --edition "")" = "personal tillsyn" ] || exit 15
		[ "$(t sakra init --framework "")" = "msb-region thl-3-2024" ] || exit 16
		t sakra check --rev "" | grep -qw approved/v1 || exit 17
		[ "$(t sakra hooks "")" != "" ] && t sakra hooks i | grep -qx install || exit 18
		[ "$(t sakra -C . st)" = status ] || exit 19
	' _ "$TMP/sakra.bash") || fail "bash completion (step $?)"
	# every option a command documents in --help is one completion offers,
	# and every option offered is one the command accepts
	python3 "$E2E/py/completion.py" "$SAKRA" "$TMP/sakra.bash" || fail "completion and --help disagree"
	run completion zsh
	expect_rc 0
	expect_out '^#compdef sakra$'
	printf '%s\n' "$OUT" >"$TMP/_sakra"
	zsh -n "$TMP/_sakra" || fail "zsh: syntax"
	run completion fish
	expect_rc 0
	printf '%s\n' "$OUT" >"$TMP/sakra.fish"
	fish --no-execute "$TMP/sakra.fish" || fail "fish: syntax"
	OUT=$(cd "$TMP/cmp" && PATH=$TMP/cmpbin:$PATH fish -c "source '$TMP/sakra.fish'; complete -C 'sakra check --format '; complete -C 'sakra bundle --edition '")
	expect_out '^codequality$'
	expect_out '^tillsyn$'
	run completion tcsh
	expect_rc 2
}
test_output_folders_follow_umask() {
	# A site is copied to a web server as it is: its folders and files have
	# the modes a plain mkdir and write would give them.
	new_repo "$TMP/um"
	(umask 022 && "$SAKRA" -C "$TMP/um" build -o "$TMP/um-site" >/dev/null 2>&1) || fail "build"
	[ "$(stat -c %a "$TMP/um-site")" = 755 ] || fail "site folder is $(stat -c %a "$TMP/um-site"), not 755"
	[ "$(stat -c %a "$TMP/um-site/plan")" = 755 ] || fail "subfolder mode"
	[ "$(stat -c %a "$TMP/um-site/index.html")" = 644 ] || fail "page mode"
	(umask 027 && "$SAKRA" -C "$TMP/um" build -o "$TMP/um-site" >/dev/null 2>&1) || fail "rebuild"
	[ "$(stat -c %a "$TMP/um-site")" = 750 ] || fail "site folder ignores umask 027"
}
test_keygen_creates_folders() {
	# A fresh account has no ~/.config/sakra: keygen makes it, private.
	local home=$TMP/fresh-home
	rm -rf "$home"
	mkdir -p "$home"
	RC=0
	OUT=$(HOME=$home "$SAKRA" keygen --age -o "$home/.config/sakra/tillsyn.txt" 2>&1) || RC=$?
	expect_rc 0
	expect_out '^recipient: age1'
	[ "$(stat -c %a "$home/.config/sakra")" = 700 ] || fail "the key folder is not 0700"
	[ "$(stat -c %a "$home/.config/sakra/tillsyn.txt")" = 600 ] || fail "the identity is not 0600"
	run keygen --name 'Anna Lind' --role chef --no-passphrase -o "$home/nya/nycklar/anna"
	expect_rc 0
	[ -f "$home/nya/nycklar/anna.key" ] && [ -f "$home/nya/nycklar/anna.pub" ] || fail "no key pair"
	[ "$(stat -c %a "$home/nya/nycklar")" = 700 ] || fail "the new folder is not 0700"
}
test_keygen_refusals() {
	run keygen --role x
	expect_rc 2; expect_err '--name and --role are required'
	run keygen --name 'A "B"' --role x
	expect_rc 2; expect_err "without '\"'"
	run keygen --name A --role 'Ansvarig Chef'
	expect_rc 2; expect_err 'lower-case letters'
	run keygen --name A --role r --no-passphrase --passphrase-file /dev/null
	expect_rc 2; expect_err 'exclude each other'
	: >"$TMP/empty-pass"
	run keygen --name A --role r -o "$TMP/nokey" --passphrase-file "$TMP/empty-pass"
	expect_rc 2; expect_err 'passphrase is empty'
	[ ! -e "$TMP/nokey.key" ] || fail "key written after a refusal"
	# No terminal and no file: a clear refusal, not a hang.
	RC=0
	OUT=$(setsid "$SAKRA" keygen --name A --role r -o "$TMP/nokey" </dev/null 2>&1) || RC=$?
	expect_rc 2
	expect_out 'no terminal'
}
test_keygen_keeps_secret_keys_out_of_the_plan() {
	# The README's next step after keygen is 'git add -A': a secret key
	# never lands in the plan, and one put there is caught everywhere.
	local home=$TMP/kh
	rm -rf "$home"
	mkdir -p "$home"
	new_repo "$TMP/sk"
	RC=0
	OUT=$(cd "$TMP/sk/plan" && HOME=$home "$SAKRA" keygen --name 'Anna Lind' --role chef --no-passphrase 2>&1) || RC=$?
	expect_rc 0
	expect_out "secret key: $home/.config/sakra/chef.key"
	[ -f "$home/.config/sakra/chef.key" ] && [ -f "$home/.config/sakra/chef.pub" ] || fail "the default place is not ~/.config/sakra/ROLE"
	[ -z "$(git -C "$TMP/sk" status --porcelain)" ] || fail "keygen wrote into the plan: $(git -C "$TMP/sk" status --porcelain)"
	run keygen --name 'Anna Lind' --role chef --no-passphrase -o "$TMP/sk/keys/anna"
	expect_rc 2
	expect_err "keys/anna.key would be inside the plan in $TMP/sk, where 'git add -A' commits it"
	run keygen --age -o "$TMP/sk/nya/id.txt"
	expect_rc 2
	expect_err "would be inside the plan"
	[ -z "$(git -C "$TMP/sk" status --porcelain)" ] || fail "a refused keygen wrote into the plan"
	# one put there anyway: check, the pre-commit hook and the server refuse it
	run -C "$TMP/sk" hooks install
	server_for "$TMP/sk" "$TMP/sk.git"
	git -C "$TMP/sk" push -q origin main 2>/dev/null || fail "the first push was refused"
	cp "$home/.config/sakra/chef.key" "$TMP/sk/anna.key"
	"$SAKRA" keygen --age --quiet -o "$TMP/sk-id.txt" >/dev/null
	cp "$TMP/sk-id.txt" "$TMP/sk/appendices/mottagare.txt"
	run -C "$TMP/sk" check
	expect_rc 1
	expect_out "^anna.key:1:1: error: a secret key is in the plan, .*'git rm --cached anna.key' if git has it.*\[secret.key\]$"
	expect_out "^appendices/mottagare.txt:1:1: error: a secret key is in the plan.*\[secret.key\]$"
	expect_no_out "^keys/"
	git -C "$TMP/sk" add -A
	RC=0
	OUT=$(git -C "$TMP/sk" commit -qm "nycklar" 2>&1) || RC=$?
	[ "$RC" != 0 ] || fail "the pre-commit hook let a secret key in"
	expect_out "anna.key:1:1: error: a secret key is in the plan"
	git -C "$TMP/sk" commit -qm "nycklar" --no-verify
	RC=0
	OUT=$(git -C "$TMP/sk" push origin main 2>&1) || RC=$?
	[ "$RC" != 0 ] || fail "the server let a secret key in"
	expect_out "anna.key:1:1: error: a secret key is in the plan"
}
test_hooks_do_not_travel_so_sakra_says_so() {
	# A second officer's clone has no hook: init says to install it in each
	# clone, and check says so once, on a terminal.
	run init "$TMP/hi" --org "Testvård Ab" --business-id 1234567-1
	expect_rc 0
	expect_out "run 'sakra hooks install' here and in each clone"
	git clone -q "$TMP/hi" "$TMP/hi-clone"
	local first second
	first=$(cd "$TMP/hi-clone" && script -qec "'$SAKRA' check" /dev/null 2>&1 || true)
	grep -q "this clone has no pre-commit hook that checks commits (git does not copy hooks into clones); 'sakra hooks install' adds it" <<<"$first" ||
		{ OUT=$first; fail "check does not say the clone lacks the hook"; }
	second=$(cd "$TMP/hi-clone" && script -qec "'$SAKRA' check" /dev/null 2>&1 || true)
	grep -q "no pre-commit hook" <<<"$second" && { OUT=$second; fail "said twice"; }
	# installed: nothing to say, in another clone either
	git clone -q "$TMP/hi" "$TMP/hi-clone2"
	run -C "$TMP/hi-clone2" hooks install
	expect_rc 0
	second=$(cd "$TMP/hi-clone2" && script -qec "'$SAKRA' check" /dev/null 2>&1 || true)
	grep -q "no pre-commit hook" <<<"$second" && { OUT=$second; fail "said with the hook installed"; }
	# not on a pipe (CI)
	git clone -q "$TMP/hi" "$TMP/hi-clone3"
	run -C "$TMP/hi-clone3" check
	expect_no_err "no pre-commit hook"
}
