#!/usr/bin/env bash
# package.sh [--with-tests] [--install] [--autopkgtest[=TEST]]: the Debian package from the committed
# tree (git archive HEAD, as a clean clone has it) in build/pkg/: built with
# dpkg-buildpackage (its tests, make check-offline, only with --with-tests:
# make check runs the same suite), checked with lintian (no error; the
# warnings kept are in debian/source/lintian-overrides with their reasons)
# and hardening-check, its contents listed against what must be in it. With
# --install (as root): installed with apt and checked from the installed
# files by the autopkgtest 'installed' (tests/installed.sh). With
# --autopkgtest (as root): debian/tests run by autopkgtest on this machine
# (the null runner installs the package and the tests' dependencies): all
# of them, or TEST only.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
with_tests=0 install=0 apt=
for a in "$@"; do
	case $a in
	--with-tests) with_tests=1 ;;
	--install) install=1 ;;
	--autopkgtest) apt=all ;;
	--autopkgtest=*) apt=${a#--autopkgtest=} ;;
	*) echo "usage: $0 [--with-tests] [--install] [--autopkgtest[=TEST]]" >&2; exit 2 ;;
	esac
done
sh src/tools/deps.sh package
# what make check installs for its tests is what the package's build names
# for its own (dh_auto_test runs the same suites), but for what check-offline
# skips or does not run: valgrind (memcheck), the browser, clang and its
# runtime (fuzzing), ca-certificates
check=$(sed -n 's/^check="\$build \(.*\)"$/\1/p' src/tools/deps.sh)
[ -n "$check" ] || { echo "package: cannot read the check packages of src/tools/deps.sh"; exit 1; }
for p in $check; do
	case $p in valgrind|chromium-headless-shell|clang|ca-certificates) continue ;; esac
	grep -qE "^ +$p <!nocheck>,?$" debian/control ||
		{ echo "package: make check needs $p; debian/control's Build-Depends does not name it <!nocheck>"; exit 1; }
done
version=$(sed -n '1{s/^sakra [(]//;s/[)].*//p;}' debian/changelog)
arch=$(dpkg --print-architecture)
out=$ROOT/build/pkg
rm -rf "$out" && mkdir -p "$out/sakra-$version"
git archive HEAD | tar -x -C "$out/sakra-$version"
export DEB_BUILD_OPTIONS="parallel=$(nproc)"
[ $with_tests = 1 ] || DEB_BUILD_OPTIONS="$DEB_BUILD_OPTIONS nocheck"
start=$(date +%s)
(cd "$out/sakra-$version" && dpkg-buildpackage -us -uc -b) >"$out/build.log" 2>&1 ||
	{ tail -60 "$out/build.log"; echo "package: dpkg-buildpackage failed (build/pkg/build.log)"; exit 1; }
deb=$out/sakra_${version}_$arch.deb
[ -f "$deb" ] || { echo "package: no $deb"; exit 1; }
echo "package: $(basename "$deb") built in $(($(date +%s) - start)) s (DEB_BUILD_OPTIONS=$DEB_BUILD_OPTIONS)"

lintian --fail-on error --info "$out"/sakra_${version}_$arch.changes >"$out/lintian.txt" 2>&1 ||
	{ cat "$out/lintian.txt"; echo "package: lintian reports errors"; exit 1; }
echo "package: lintian: $(grep -c '^E:' "$out/lintian.txt" || true) errors, $(grep -c '^W:' "$out/lintian.txt" || true) warnings"
grep '^[EW]:' "$out/lintian.txt" || true

# what must be in it, and what must not
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$out/contents.txt"
for f in /usr/bin/sakra /usr/share/man/man1/sakra.1.gz /usr/share/man/sv/man1/sakra.1.gz \
	/usr/share/man/fi/man1/sakra.1.gz /usr/share/locale/sv/LC_MESSAGES/sakra.mo \
	/usr/share/locale/fi/LC_MESSAGES/sakra.mo /usr/share/bash-completion/completions/sakra \
	/usr/share/zsh/vendor-completions/_sakra /usr/share/fish/vendor_completions.d/sakra.fish \
	/usr/share/doc/sakra/manual.md.gz /usr/share/doc/sakra/editors/sakra.lua /usr/share/doc/sakra/copyright; do
	grep -qx "$f" "$out/contents.txt" || { echo "package: $f is not in the package"; exit 1; }
done
! grep -q '^/usr/share/sakra' "$out/contents.txt" || { echo "package: installs /usr/share/sakra"; exit 1; }

# the binary as built, with the distribution's hardening. Control-flow
# protection is not asked: Debian 12's crt1.o/crti.o carry no IBT/SHSTK
# property, so no program linked on Debian 12 has it (a one-line C program
# built with -fcf-protection shows none) -- see debian/rules.
rm -rf "$out/x" && dpkg-deb -x "$deb" "$out/x"
hardening-check --nocfprotection "$out/x/usr/bin/sakra" ||
	{ echo "package: hardening-check fails"; exit 1; }
[ "$("$out/x/usr/bin/sakra" --version)" = "sakra $version" ] || { echo "package: wrong --version"; exit 1; }

if [ $install = 1 ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -qq --no-install-recommends --reinstall "$deb" >"$out/install.log" 2>&1 ||
		{ cat "$out/install.log"; echo "package: apt install failed"; exit 1; }
	bash tests/installed.sh /usr/bin/sakra
fi
if [ -n "$apt" ]; then
	start=$(date +%s)
	autopkgtest ${apt:+$([ "$apt" = all ] || echo "--test-name=$apt")} "$deb" "$out/sakra-$version" \
		-- null >"$out/autopkgtest.log" 2>&1 ||
		{ tail -60 "$out/autopkgtest.log"; echo "package: autopkgtest fails (build/pkg/autopkgtest.log)"; exit 1; }
	sed -n '/@@@@ summary/,$p' "$out/autopkgtest.log" | grep -E 'PASS|FAIL|SKIP'
	echo "package: autopkgtest $apt passed in $(($(date +%s) - start)) s"
fi
echo "package: ok"
