#!/usr/bin/env bash
# Behaviour-preserving refactors: run every command of two abidrift binaries over the same
# inputs (every fixture, diff case, drift header, baseline, suppression file and bad input
# in testdata/, for several targets) and require byte-identical stdout, stderr and exit
# status.
#
#   scripts/compare-outputs.sh REV            # build REV (a commit) aside, compare with ./abidrift
#   scripts/compare-outputs.sh OLD_BIN NEW_BIN
#
# Prints `PASS name` or `FAIL name: reason` per command line, then `N passed, N failed`.
# KEEP=1 keeps the temporary directory.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
E2E_NAME=compare-outputs
ABIDRIFT=$top/abidrift
# shellcheck source=tests/e2e/common.sh
. "$top/tests/e2e/common.sh"

if [ $# -eq 1 ]; then
	rev=$1
	git -C "$top" worktree add -q --detach "$tmp/old-tree" "$rev" || exit 1
	trap 'git -C "$top" worktree remove --force "$tmp/old-tree"; rm -rf "$tmp"' EXIT
	make -C "$tmp/old-tree" -j2 abidrift >"$tmp/old-build.log" 2>&1 ||
		{ tail -n 20 "$tmp/old-build.log"; exit 1; }
	old=$tmp/old-tree/abidrift
	new=$ABIDRIFT
elif [ $# -eq 2 ]; then
	old=$1
	new=$2
else
	echo "usage: scripts/compare-outputs.sh REV | OLD_BIN NEW_BIN" >&2
	exit 2
fi
mkdir -p "$tmp/bin"
cp "$old" "$tmp/bin/old" && cp "$new" "$tmp/bin/new" || exit 1

td=$top/testdata
obj=$tmp/obj
mkdir -p "$obj"
# Compiled inputs: fixtures for three targets, each diff case as two shared libraries.
for f in "$td"/fixtures/*.c; do
	b=$(basename "$f" .c)
	gcc -g -c -I"$td/fixtures" "$f" -o "$obj/$b.x86_64.o" 2>/dev/null
	gcc -m32 -g -c -I"$td/fixtures" "$f" -o "$obj/$b.i386.o" 2>/dev/null
	clang --target=aarch64-linux-gnu -ffreestanding -g -c -I"$td/fixtures" "$f" \
		-o "$obj/$b.aarch64.o" 2>/dev/null
done
for d in "$td"/diff/*/; do
	c=$(basename "$d")
	for v in v1 v2; do
		gcc -g -O0 -shared -fPIC -fno-eliminate-unused-debug-types $(cat "$d/flags" 2>/dev/null) \
			-o "$obj/diff.$c.$v.so" "$d/$v.c" 2>/dev/null
	done
done
for f in "$td"/drift/*.c; do
	b=$(basename "$f" .c)
	gcc -g -c -I"$td/drift" "$f" -o "$obj/drift.$b.x86_64.o" 2>/dev/null
	gcc -m32 -g -c -I"$td/drift" "$f" -o "$obj/drift.$b.i386.o" 2>/dev/null
done

# One command line per line; ABIDRIFT is replaced by each binary in turn.
cmds=$tmp/cmds
: >"$cmds"
add() { printf '%s\n' "$*" >>"$cmds"; }
for o in "$obj"/*.o; do
	add dump "$o"
	add show "$o"
	add show --target i386 "$o"
	add show --target arm "$o"
	add lint "$o"
	add lint --format json "$o"
done
for o in "$obj"/*.x86_64.o; do
	b=${o%.x86_64.o}
	[ -e "$b.i386.o" ] || continue
	add drift "$b.i386.o" "$o"
	add drift --format json "$b.i386.o" "$o"
	[ -e "$b.aarch64.o" ] && add drift "$b.i386.o" "$o" "$b.aarch64.o"
done
for d in "$td"/diff/*/; do
	c=$(basename "$d")
	[ -e "$obj/diff.$c.v1.so" ] || continue
	add diff "$obj/diff.$c.v1.so" "$obj/diff.$c.v2.so"
	add diff --format json "$obj/diff.$c.v1.so" "$obj/diff.$c.v2.so"
	add diff --symbols-only "$obj/diff.$c.v1.so" "$obj/diff.$c.v2.so"
	add dump "$obj/diff.$c.v2.so"
done
for s in "$td"/suppress/*.abignore; do
	add diff --suppressions "$s" "$obj/diff.member_offset.v1.so" "$obj/diff.member_offset.v2.so"
done
for h in "$td"/drift/*.h "$td"/probe/*.h "$td"/demo/*.h; do
	add drift --arch i386,x86_64,arm,aarch64 -I"$td/probe/inc" "$h"
	add lint --arch i386,x86_64 "$h"
	add show --arch x86_64 "$h"
	add dump --arch arm "$h"
done
add drift --arch i386,x86_64 -DNEEDS=1 --include "$td/probe/prelude.h" "$td"/probe/*.h
for b in "$td"/baseline/*.json "$td"/bad/*; do
	[ -f "$b" ] || continue
	add dump "$b"
	add show "$b"
	add lint "$b"
done
add diff "$td/baseline/good-small.json" "$td/baseline/good-minimal.json"
# usage errors and help
for c in dump show diff drift lint; do
	add "$c" --help
	add "$c"
	add "$c" --no-such-option
	add "$c" --format nope "$obj/enums.x86_64.o"
done
add --help
add --version
add nosuchcommand

n=0
mkdir -p "$tmp/out"
while IFS= read -r line; do
	n=$((n + 1))
	for b in old new; do
		# shellcheck disable=SC2086
		(cd "$tmp" && LC_ALL=C "$tmp/bin/$b" $line >"$tmp/out/$n.$b.out" 2>"$tmp/out/$n.$b.err"
			echo "exit $?" >>"$tmp/out/$n.$b.err")
		# probes compile in a fresh temporary directory each time
		sed -i -E "s|$tmp/bin/$b|ABIDRIFT|g; s|abidrift-probe-[A-Za-z0-9]{6}|abidrift-probe-XXXXXX|g" \
			"$tmp/out/$n.$b.out" "$tmp/out/$n.$b.err"
	done
	name="abidrift ${line//$tmp\//}"
	if cmp -s "$tmp/out/$n.old.out" "$tmp/out/$n.new.out" &&
		cmp -s "$tmp/out/$n.old.err" "$tmp/out/$n.new.err"; then
		pass "$name"
	else
		fail "$name" "$(diff "$tmp/out/$n.old.out" "$tmp/out/$n.new.out" | head -n 5;
			diff "$tmp/out/$n.old.err" "$tmp/out/$n.new.err" | head -n 5)"
	fi
done <"$cmds"
finish
