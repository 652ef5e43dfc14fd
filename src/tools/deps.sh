#!/bin/sh
# deps.sh build|check|bench|fuzz — make sure the Debian packages a step needs are
# installed. As root it installs what is missing (apt-get update first);
# otherwise it prints the one command to run and fails.
set -u

build="gcc make pkg-config gettext po4a libgit2-dev libcmark-gfm-dev libcmark-gfm-extensions-dev
libyaml-dev libgcrypt20-dev libsodium-dev libarchive-dev zlib1g-dev libjansson-dev"
fuzz="$build clang libclang-rt-14-dev"
check="$build libcmocka-dev valgrind locales man-db git python3 python3-yaml neovim ca-certificates minisign age 7zip chromium-headless-shell poppler-utils time zsh fish clang libclang-rt-14-dev"
bench="$build git python3 cmark-gfm age time hugo"

case "${1:-build}" in
build) want=$build ;;
check) want=$check ;;
bench) want=$bench ;;
fuzz) want=$fuzz ;;
*) echo "usage: $0 build|check|bench|fuzz" >&2; exit 2 ;;
esac

# Not a Debian system: leave it to pkg-config and the compiler to complain.
command -v dpkg-query >/dev/null 2>&1 || exit 0

missing=""
for p in $want; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
	case "$status" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "sakra: installing missing packages:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 &&
		apt-get install -y -qq --no-install-recommends $missing >&2 && exit 0
	echo "sakra: apt-get failed; install these packages:$missing" >&2
	exit 1
fi
echo "sakra: missing packages; run:" >&2
echo "  sudo apt-get install$missing" >&2
exit 1
