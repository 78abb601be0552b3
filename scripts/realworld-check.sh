#!/usr/bin/env bash
# Real inputs, not fixtures: Debian packages with debug info, fetched with `apt-get download`
# into a cache outside the tree and unpacked with `dpkg-deb -x` (never installed). For each
# library or module: its baseline round-trips byte for byte, it compares equal to its own
# baseline in both directions with no output, and `show` prints no layout twice.
#
#   scripts/realworld-check.sh           # run by .ci/run
#
# Environment: ABIDRIFT (default ./abidrift), ABIDRIFT_REALWORLD_CACHE (default
# /var/cache/abidrift-realworld), ABIDRIFT_REALWORLD_KERNEL=0 leaves out the kernel module
# (its debug package is about 850 MB; the module is extracted once and cached).
# A package that cannot be fetched is a failure, not a skip.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
ABIDRIFT=${ABIDRIFT:-$top/abidrift}
E2E_NAME=realworld
# shellcheck source=tests/e2e/common.sh
. "$top/tests/e2e/common.sh"
cache=${ABIDRIFT_REALWORLD_CACHE:-/var/cache/abidrift-realworld}
mkdir -p "$cache" || exit 1

# fetch PKG[=VERSION]: the .deb in the cache, unpacked under $cache/root-NAME_VERSION
fetched=
fetch() {
	local spec=$1 deb
	deb=$(cd "$cache" && ls -1 "${spec%%=*}"_*.deb 2>/dev/null | head -n 1)
	if [ -z "$deb" ]; then
		(cd "$cache" && apt-get download "$spec" >"$tmp/apt.log" 2>&1) ||
			{ apt-get update -qq >/dev/null 2>&1 &&
				(cd "$cache" && apt-get download "$spec" >"$tmp/apt.log" 2>&1); } ||
			{ fail "fetch $spec" "$(tail -n 1 "$tmp/apt.log")"; fetched=; return 1; }
		deb=$(cd "$cache" && ls -1 "${spec%%=*}"_*.deb | head -n 1)
	fi
	fetched=$cache/root-${deb%.deb}
	if [ ! -d "$fetched" ]; then
		dpkg-deb -x "$cache/$deb" "$fetched.part" && mv "$fetched.part" "$fetched" ||
			{ fail "unpack $deb" "dpkg-deb -x failed"; fetched=; return 1; }
	fi
}

# check LABEL FILE [abidrift options for reading FILE]
check() {
	local label=$1 f=$2 a=$tmp/$1.a.json b=$tmp/$1.b.json out rc
	shift 2
	if ! "$ABIDRIFT" dump "$@" -o "$a" "$f" 2>"$tmp/err"; then
		fail "$label dump" "$(head -c 300 "$tmp/err")"
		return
	fi
	pass "$label dump" "$(grep -c '"fp"' "$a") type records"
	"$ABIDRIFT" dump -o "$b" "$a" 2>"$tmp/err"
	if cmp -s "$a" "$b"; then
		pass "$label round trip" "dump of the baseline is byte-identical"
	else
		fail "$label round trip" "dump of the baseline differs: $(diff "$a" "$b" | head -c 300)"
	fi
	for dir in forward backward; do
		if [ $dir = forward ]; then
			out=$("$ABIDRIFT" diff "$@" "$a" "$f" 2>&1)
		else
			out=$("$ABIDRIFT" diff "$@" "$f" "$a" 2>&1)
		fi
		rc=$?
		if [ $rc -eq 0 ] && [ -z "$out" ]; then
			pass "$label self-diff $dir" "exit 0, no output"
		else
			fail "$label self-diff $dir" "exit $rc: $(printf '%s' "$out" | head -c 400)"
		fi
	done
	# show: each layout once (blocks are separated by blank lines; the header line with
	# its location is part of the block)
	"$ABIDRIFT" show "$@" "$f" >"$tmp/$label.show" 2>"$tmp/err"
	dups=$(awk 'BEGIN{RS=""} {n[$0]++} END{for (b in n) if (n[b] > 1) {split(b, l, "\n"); print l[1]}}' \
		"$tmp/$label.show" | sort | head -n 5)
	if [ -z "$dups" ]; then
		pass "$label show" "no layout printed twice"
	else
		fail "$label show" "layouts printed more than once: $dups"
	fi
}

fetch libpython3.11-dbg &&
	check python "$fetched/usr/lib/x86_64-linux-gnu/libpython3.11d.so.1.0"

if fetch libc6; then
	libc=$fetched
	if fetch "libc6-dbg=$(dpkg-deb -f "$cache"/libc6_*.deb Version)"; then
		check libc "$libc/lib/x86_64-linux-gnu/libc.so.6" --debug-dir "$fetched/usr/lib/debug"
	fi
fi

if [ "${ABIDRIFT_REALWORLD_KERNEL:-1}" != 0 ]; then
	kpkg=$(apt-cache search --names-only '^linux-image-[0-9.]+-[0-9]+-amd64-dbg$' 2>/dev/null |
		awk '{print $1}' | sort -V | tail -n 1)
	ko=$(ls -1 "$cache"/ext4-*.ko 2>/dev/null | head -n 1)
	if [ -z "$ko" ] && [ -n "$kpkg" ]; then
		deb=$(cd "$cache" && ls -1 "$kpkg"_*.deb 2>/dev/null | head -n 1)
		[ -n "$deb" ] || { (cd "$cache" && apt-get download "$kpkg" >"$tmp/apt.log" 2>&1) &&
			deb=$(cd "$cache" && ls -1 "$kpkg"_*.deb | head -n 1); }
		if [ -n "$deb" ]; then
			dpkg-deb --fsys-tarfile "$cache/$deb" |
				tar -x -C "$tmp" --wildcards '*/kernel/fs/ext4/ext4.ko' 2>/dev/null
			f=$(find "$tmp" -name ext4.ko | head -n 1)
			[ -n "$f" ] && cp "$f" "$cache/ext4-${kpkg#linux-image-}.ko" &&
				ko=$cache/ext4-${kpkg#linux-image-}.ko && rm -f "$cache/$deb"
		fi
	fi
	if [ -n "$ko" ]; then
		check ext4 "$ko"
	else
		fail "fetch kernel" "no linux-image-*-amd64-dbg package or no ext4.ko in it ($kpkg)"
	fi
fi
finish
