#!/bin/sh
# deps.sh build|check|bench|fuzz|package — make sure the Debian packages a step needs are
# installed. As root it installs what is missing (apt-get update first);
# otherwise it prints the one command to run and fails.
set -u

build="gcc make pkg-config gettext po4a libseccomp-dev libgit2-dev libcmark-gfm-dev libcmark-gfm-extensions-dev
libyaml-dev libgcrypt20-dev libsodium-dev libarchive-dev zlib1g-dev libjansson-dev"
fuzz="$build clang"
check="$build libcmocka-dev valgrind locales man-db git python3 python3-yaml neovim ca-certificates minisign age 7zip chromium-headless-shell poppler-utils qpdf weasyprint pandoc python3-docx python3-odf time zsh fish clang strace"
package="$build dpkg-dev debhelper lintian devscripts fakeroot autopkgtest"
bench="$build git python3 cmark-gfm age time hugo weasyprint poppler-utils pandoc python3-docx"

case "${1:-build}" in
build) want=$build ;;
check) want=$check ;;
bench) want=$bench ;;
fuzz) want=$fuzz ;;
package) want=$package ;;
*) echo "usage: $0 build|check|bench|fuzz|package" >&2; exit 2 ;;
esac

# Not a Debian system: leave it to pkg-config and the compiler to complain.
command -v dpkg-query >/dev/null 2>&1 || exit 0

# install PACKAGES: installs those not installed (as root), else names them.
install() {
	missing=""
	for p in "$@"; do
		status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
		case "$status" in
		*" installed") ;;
		*) missing="$missing $p" ;;
		esac
	done
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "sakra: installing missing packages:$missing" >&2
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq >&2 &&
			apt-get install -y -qq --no-install-recommends $missing >&2 && return 0
		echo "sakra: apt-get failed; install these packages:$missing" >&2
		exit 1
	fi
	echo "sakra: missing packages; run:" >&2
	echo "  sudo apt-get install$missing" >&2
	exit 1
}

install $want
# The sanitizer and fuzzer runtime of the clang that is installed, whichever
# LLVM version the distribution's clang is.
case "${1:-build}" in
check|fuzz)
	v=$(clang -dumpversion 2>/dev/null | cut -d. -f1)
	[ -n "$v" ] || { echo "sakra: clang -dumpversion says nothing" >&2; exit 1; }
	install "libclang-rt-$v-dev" ;;
esac
exit 0
