#!/usr/bin/env bash
# End-to-end tests of abidrift's cross-architecture commands (run by `make e2e`):
# `abidrift show --target`, header probes, `abidrift drift` and `abidrift lint`.
#
# Compiles every testdata/drift/*.c (each includes its header and proves that header's
# layouts per target with _Static_assert) for x86_64 (gcc, DWARF 5 and 4), i386
# (gcc -m32) and, with clang --target=... -ffreestanding, aarch64, arm (armv7a
# hard-float), riscv64, ppc64le and s390x; enumsize.c also with -fshort-enums for i386
# and arm. Then:
#   drift_engine.py  the layout engine's prediction for each target (show --target)
#                    against what the compiler wrote for that target (show T.o);
#   drift_check.py   drift between real objects, and between header probes, against
#                    testdata/drift/expected.json; the probe options and the probe's
#                    clean-up; lint's rules, filters and its prediction of real drift;
#                    determinism of every report.
# Prints `PASS name`, `FAIL name: reason` or `SKIP name: reason` per check, then
# `N passed, N failed, N skipped`; exits 1 if any check failed. A compiler or target
# that cannot be used is a reported skip.
#
# Environment: ABIDRIFT (default ./abidrift at the top of the tree), PYTHON, JOBS
# (parallel compiles and checkers, default 2), KEEP=1 keeps the temporary directory.

set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
ABIDRIFT=${ABIDRIFT:-$top/abidrift}
JOBS=${JOBS:-2}
if [ -z "${PYTHON:-}" ]; then
	if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
fi
export PYTHONDONTWRITEBYTECODE=1 # no __pycache__ in the source tree
export LC_ALL=C                   # compiler messages in ASCII
fixtures=$top/testdata/drift

E2E_NAME=drift
# shellcheck source=tests/e2e/common.sh
. "$here/common.sh"
first_line() { head -n 1 "$1" 2>/dev/null | cut -c 1-300; }

# ---------------------------------------------------------------------------------
# Compile the fixtures.

CFLAGS_COMMON="-g -fno-eliminate-unused-debug-types -c -O0"
# label|arch|compiler and target flags|DWARF flags|fixtures (all: every .c)
builds=(
	"x86_64|x86_64|gcc|-gdwarf-5|all"
	"x86_64-dw4|x86_64|gcc|-gdwarf-4|all"
	"i386|i386|gcc -m32|-gdwarf-5|all"
	"aarch64|aarch64|clang --target=aarch64-linux-gnu -ffreestanding|-gdwarf-5|all"
	"arm|arm|clang --target=armv7a-linux-gnueabihf -mfloat-abi=hard -ffreestanding|-gdwarf-5|all"
	"riscv64|riscv64|clang --target=riscv64-linux-gnu -ffreestanding|-gdwarf-5|all"
	"ppc64le|ppc64le|clang --target=powerpc64le-linux-gnu -ffreestanding|-gdwarf-5|all"
	"s390x|s390x|clang --target=s390x-linux-gnu -ffreestanding|-gdwarf-5|all"
	# No two Linux targets differ in enum size (see testdata/drift/enumsize.h):
	# short enums, as bare-metal AAPCS has them, on one side of the comparison.
	"i386-short-enums|i386|gcc -m32 -fshort-enums|-gdwarf-5|enumsize"
	"arm-short-enums|arm|clang --target=armv7a-linux-gnueabihf -mfloat-abi=hard -ffreestanding -fshort-enums|-gdwarf-5|enumsize"
)

names=()
for f in "$fixtures"/*.c; do names+=("$(basename "$f" .c)"); done

: >"$tmp/jobs"
usable=()
for b in "${builds[@]}"; do
	IFS='|' read -r label arch cc dw which <<<"$b"
	# can this compiler build for this target? (clean.c: the smallest fixture)
	if ! $cc $CFLAGS_COMMON $dw -o "$tmp/probe-$label.o" "$fixtures/clean.c" \
		2>"$tmp/probe-$label.log"; then
		skip "compile $label" "'$cc' cannot build for $arch: $(first_line "$tmp/probe-$label.log")"
		continue
	fi
	usable+=("$b")
	mkdir -p "$tmp/$label"
	for n in "${names[@]}"; do
		[ "$which" = all ] || [ "$which" = "$n" ] || continue
		out=$tmp/$label/$n.o
		printf '%s %s %s -o %q %q 2>%q\n' "$cc" "$CFLAGS_COMMON" "$dw" \
			"$out" "$fixtures/$n.c" "$out.log" >>"$tmp/jobs"
	done
done
xargs -d '\n' -P "$JOBS" -I{} bash -c '{}' <"$tmp/jobs" || true

# The manifest for the checkers: label|arch|fixture|object, one per line.
: >"$tmp/manifest"
for b in "${usable[@]}"; do
	IFS='|' read -r label arch cc dw which <<<"$b"
	nbad=0 nok=0 one=""
	for n in "${names[@]}"; do
		[ "$which" = all ] || [ "$which" = "$n" ] || continue
		out=$tmp/$label/$n.o
		if [ -s "$out" ]; then
			printf '%s|%s|%s|%s\n' "$label" "$arch" "$n" "$out" >>"$tmp/manifest"
			nok=$((nok + 1))
			one=$out
		else
			nbad=$((nbad + 1))
			fail "compile $label/$n.c" "$(grep -m1 -E 'error' "$out.log" || first_line "$out.log")"
		fi
	done
	[ "$nbad" -eq 0 ] || continue
	# the DWARF version asked for is the one written
	want=${dw#-gdwarf-}
	got=$(readelf --debug-dump=info "$one" 2>/dev/null |
		grep -m1 -oE 'Version: +[0-9]+' | grep -oE '[0-9]+$')
	if [ "$got" = "$want" ]; then
		pass "compile $label" "$nok fixture(s), DWARF $got, layouts proven by _Static_assert"
	else
		fail "compile $label" "asked for DWARF $want, got '${got:-none}'"
	fi
done

if [ ! -s "$tmp/manifest" ]; then
	fail compile "no fixture could be built for any target"
	finish
fi

# ---------------------------------------------------------------------------------
# The checks: the engine against the compilers, and drift/lint/probes, side by side.

"$PYTHON" "$here/drift_engine.py" --abidrift "$ABIDRIFT" --expected "$fixtures/expected.json" \
	--manifest "$tmp/manifest" >"$tmp/engine.out" 2>&1 &
engine_pid=$!
if [ "$JOBS" -lt 2 ]; then wait "$engine_pid"; fi
"$PYTHON" "$here/drift_check.py" --abidrift "$ABIDRIFT" --fixtures "$fixtures" \
	--manifest "$tmp/manifest" --work "$tmp/check" >"$tmp/check.out" 2>&1
wait "$engine_pid"
tally <"$tmp/engine.out"
tally <"$tmp/check.out"

finish
