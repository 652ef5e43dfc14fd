#!/usr/bin/env bash
# chroot-build.sh [DIR]: the package built as on a clean Debian 12 machine —
# a fresh debootstrap'ed bookworm in DIR (default build/chroot), a clean
# clone of this repository's HEAD in it, the build dependencies debian/control
# names installed by apt (nothing else), dpkg-buildpackage with its tests
# (the unit and end-to-end suites), lintian, then the package installed in
# the chroot and checked there by tests/installed.sh. As root; it needs
# debootstrap and the Debian mirror.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=$(realpath -m "${1:-$ROOT/build/chroot}")
[ "$(id -u)" = 0 ] || { echo "chroot-build.sh: run it as root" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "chroot-build.sh: apt-get install debootstrap" >&2; exit 2; }
start=$(date +%s)
if [ ! -x "$DIR/usr/bin/apt-get" ]; then
	rm -rf "$DIR"
	debootstrap --variant=minbase bookworm "$DIR" http://deb.debian.org/debian >"$DIR.log" 2>&1 ||
		{ tail -20 "$DIR.log"; exit 1; }
fi
echo "chroot: bookworm in $DIR ($(($(date +%s) - start)) s)"
cleanup() {
	umount "$DIR/dev/pts" 2>/dev/null || true
	umount "$DIR/dev" 2>/dev/null || true
	umount "$DIR/proc" 2>/dev/null || true
}
trap cleanup EXIT
# what a build machine has: /proc, and /dev with terminals (tests run
# sakra on a pseudo-terminal, as a user at a terminal would)
mount -t proc proc "$DIR/proc"
mount --bind /dev "$DIR/dev"
mount --bind /dev/pts "$DIR/dev/pts"
rm -rf "$DIR/src" && mkdir -p "$DIR/src"
git clone -q "$ROOT" "$DIR/src/sakra"
in_chroot() { chroot "$DIR" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
	LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
in_chroot apt-get update -qq
in_chroot apt-get install -y -qq --no-install-recommends dpkg-dev lintian >/dev/null
in_chroot sh -c 'cd /src/sakra && apt-get build-dep -y -qq ./' >/dev/null
echo "chroot: build dependencies installed ($(($(date +%s) - start)) s)"
in_chroot sh -c 'cd /src/sakra && dpkg-buildpackage -us -uc -b' >"$DIR/src/build.log" 2>&1 ||
	{ tail -60 "$DIR/src/build.log"; echo "chroot: dpkg-buildpackage failed"; exit 1; }
grep -E '^[0-9]+ passed|^\[  PASSED' "$DIR/src/build.log" | tail -3
echo "chroot: built with its tests ($(($(date +%s) - start)) s)"
in_chroot sh -c 'lintian --fail-on error /src/sakra_*.changes' ||
	{ echo "chroot: lintian reports errors"; exit 1; }
in_chroot sh -c 'apt-get install -y -qq /src/sakra_*.deb bash-completion bsdextrautils man-db git python3 >/dev/null'
in_chroot bash /src/sakra/tests/installed.sh /usr/bin/sakra
echo "chroot: ok ($(($(date +%s) - start)) s)"
