#!/bin/sh
# make demo: compile the bundled hypercall header for x86_64 and i386 and show the
# layouts side by side, so the structs that drift between 32 and 64 bit are visible.
set -eu
abidrift=${1:-./abidrift}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

printf '#include "hypercall.h"\n' >"$tmp/probe.c"
cc=${CC:-gcc}
$cc -g -fno-eliminate-unused-debug-types -c -I"$here" "$tmp/probe.c" -o "$tmp/x86_64.o"
if ! $cc -m32 -g -fno-eliminate-unused-debug-types -c -I"$here" "$tmp/probe.c" \
	-o "$tmp/i386.o" 2>"$tmp/err"; then
	echo "demo: '$cc -m32' does not work here (install gcc-multilib):" >&2
	cat "$tmp/err" >&2
	exit 1
fi
for arch in x86_64 i386; do
	echo "==> abidrift show $arch.o hc_readconsole hc_map_pages hc_version"
	"$abidrift" show "$tmp/$arch.o" hc_readconsole hc_map_pages hc_version
	echo
done
echo "==> abidrift drift --arch i386,x86_64 hypercall.h"
"$abidrift" drift --arch i386,x86_64 "$here/hypercall.h" || true
