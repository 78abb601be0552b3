#!/usr/bin/env bash
# Determinism: the same inputs give byte-identical output whatever the environment:
# locale (LC_ALL), time zone (TZ) and current directory, on every fixture, for dump,
# show, lint, drift and diff. (abidrift runs on one thread: there is no thread count to
# vary.)
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
ABIDRIFT=${ABIDRIFT:-$top/abidrift}
E2E_NAME=determinism
# shellcheck source=tests/e2e/common.sh
. "$here/common.sh"

fixtures=$top/testdata/fixtures
mkdir -p "$tmp/obj" "$tmp/elsewhere"
for f in "$fixtures"/*.c; do
	b=$(basename "$f" .c)
	gcc -g -c -I"$fixtures" "$f" -o "$tmp/obj/$b.x86_64.o" 2>/dev/null || continue
	gcc -m32 -g -c -I"$fixtures" "$f" -o "$tmp/obj/$b.i386.o" 2>/dev/null
done
# the diff pair: two versions of a case from testdata/diff
d=$top/testdata/diff/member_offset
gcc -g -shared -fPIC -o "$tmp/obj/v1.so" "$d/v1.c" 2>/dev/null
gcc -g -shared -fPIC -o "$tmp/obj/v2.so" "$d/v2.c" 2>/dev/null

# name|environment (env(1) arguments)|directory to run in
envs=(
	"plain|LC_ALL=C TZ=UTC|$tmp"
	"utf8|LC_ALL=C.UTF-8 LANG=C.UTF-8 TZ=UTC|$tmp"
	"tz|LC_ALL=C TZ=Pacific/Kiritimati|$tmp"
	"cwd|LC_ALL=C TZ=UTC|$tmp/elsewhere"
	"root|LC_ALL=C.UTF-8 TZ=America/St_Johns|/"
)

run_all() { # label: writes every output under $tmp/out/label
	local label=$1 envargs=$2 dir=$3 o=$tmp/out/$1
	mkdir -p "$o"
	for obj in "$tmp"/obj/*.o; do
		b=$(basename "$obj" .o)
		(cd "$dir" && env $envargs "$ABIDRIFT" dump "$obj") >"$o/$b.dump" 2>&1
		(cd "$dir" && env $envargs "$ABIDRIFT" show "$obj") >"$o/$b.show" 2>&1
		(cd "$dir" && env $envargs "$ABIDRIFT" lint --format json "$obj") >"$o/$b.lint" 2>&1
	done
	for obj in "$tmp"/obj/*.x86_64.o; do
		b=$(basename "$obj" .x86_64.o)
		[ -e "$tmp/obj/$b.i386.o" ] || continue
		(cd "$dir" && env $envargs "$ABIDRIFT" drift --format json "$tmp/obj/$b.i386.o" "$obj") \
			>"$o/$b.drift" 2>&1
	done
	(cd "$dir" && env $envargs "$ABIDRIFT" diff --format json "$tmp/obj/v1.so" "$tmp/obj/v2.so") \
		>"$o/pair.diff" 2>&1
	(cd "$dir" && env $envargs "$ABIDRIFT" diff "$tmp/obj/v1.so" "$tmp/obj/v2.so") >"$o/pair.difftext" 2>&1
}

for e in "${envs[@]}"; do
	IFS='|' read -r label envargs dir <<<"$e"
	run_all "$label" "$envargs" "$dir"
done
n=$(ls "$tmp/out/plain" | wc -l)
for e in "${envs[@]}"; do
	IFS='|' read -r label envargs dir <<<"$e"
	[ "$label" = plain ] && continue
	if diff -r "$tmp/out/plain" "$tmp/out/$label" >"$tmp/why" 2>&1; then
		pass "determinism $label" "$n outputs byte-identical to LC_ALL=C TZ=UTC ($envargs, in $dir)"
	else
		fail "determinism $label" "$(head -c 400 "$tmp/why")"
	fi
done
# and the same run twice
run_all again "LC_ALL=C TZ=UTC" "$tmp"
if diff -r "$tmp/out/plain" "$tmp/out/again" >"$tmp/why" 2>&1; then
	pass "determinism rerun" "$n outputs byte-identical"
else
	fail "determinism rerun" "$(head -c 400 "$tmp/why")"
fi
finish
