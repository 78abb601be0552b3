#!/usr/bin/env bash
# End-to-end tests of ./abidrift (run by `make e2e`).
#
# Compiles testdata/fixtures for every target we can build for (gcc native and -m32,
# clang native and --target=... for aarch64, arm, riscv64, ppc64le and s390x), with
# DWARF 4 and 5, into a private temporary directory, and checks abidrift against the
# compiler (the fixtures' CHECK_* lines), against pahole, and against itself
# (determinism, baseline round trip, deduplication), plus the shared library fixture,
# error handling and atomic output. Prints `PASS name`, `FAIL name: reason` or
# `SKIP name: reason` per check, then `N passed, N failed, N skipped`; exits 1 if any
# check failed. A compiler or target that cannot be used is a reported skip.
#
# Environment: ABIDRIFT (default ./abidrift at the top of the tree), PAHOLE, PYTHON,
# JOBS (parallel compiles, default 2), KEEP=1 keeps the temporary directory.

set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
ABIDRIFT=${ABIDRIFT:-$top/abidrift}
PAHOLE=${PAHOLE:-pahole}
JOBS=${JOBS:-2}
if [ -z "${PYTHON:-}" ]; then
	if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
fi
export PYTHONDONTWRITEBYTECODE=1 # no __pycache__ in the source tree
fixtures=$top/testdata/fixtures
libdir=$top/testdata/lib
bad=$top/testdata/bad

E2E_NAME=e2e
# shellcheck source=tests/e2e/common.sh
. "$here/common.sh"
first_line() { head -n 1 "$1" 2>/dev/null | cut -c 1-300; }

# ---------------------------------------------------------------------------------
# Compile the fixtures.

CFLAGS_COMMON="-g -fno-eliminate-unused-debug-types -c -O0"
# label|arch|compiler and target flags
bases=(
	"gcc-x86_64|x86_64|gcc"
	"gcc-i386|i386|gcc -m32"
	"clang-x86_64|x86_64|clang"
	"clang-aarch64|aarch64|clang --target=aarch64-linux-gnu -ffreestanding"
	"clang-arm|arm|clang --target=armv7a-linux-gnueabihf -mfloat-abi=hard -ffreestanding"
	"clang-riscv64|riscv64|clang --target=riscv64-linux-gnu -ffreestanding"
	"clang-ppc64le|ppc64le|clang --target=powerpc64le-linux-gnu -ffreestanding"
	"clang-s390x|s390x|clang --target=s390x-linux-gnu -ffreestanding"
)
# Extra variants for bitfield encodings: gcc -gstrict-dwarf at DWARF 4 (legacy
# DW_AT_bit_offset) and clang tuned for lldb on big-endian s390x (DW_AT_data_bit_offset
# on a big-endian target; clang's default gdb tuning emits DW_AT_bit_offset).
extras=(
	"gcc-x86_64-dw4-strict|x86_64|gcc|-gdwarf-4 -gstrict-dwarf"
	"clang-s390x-dw5-lldb|s390x|clang --target=s390x-linux-gnu -ffreestanding|-gdwarf-5 -glldb"
)

sources=()
for f in "$fixtures"/*.c; do sources+=("$f"); done

variants=() # label|arch|base label
: >"$tmp/jobs"
add_variant() { # label arch cc dwflags base
	local label=$1 arch=$2 cc=$3 dw=$4 base=$5 src out
	mkdir -p "$tmp/$label"
	variants+=("$label|$arch|$base")
	for src in "${sources[@]}"; do
		out=$tmp/$label/$(basename "$src" .c).o
		printf '%s %s %s -I%q -o %q %q 2>%q\n' "$cc" "$CFLAGS_COMMON" "$dw" \
			"$fixtures" "$out" "$src" "$out.log" >>"$tmp/jobs"
	done
}

printf '#include "layout.h"\nint probe_var;\n' >"$tmp/probe.c"
usable=" "
for b in "${bases[@]}"; do
	IFS='|' read -r label arch cc <<<"$b"
	if ! $cc $CFLAGS_COMMON -I"$fixtures" -o "$tmp/probe-$label.o" "$tmp/probe.c" \
		2>"$tmp/probe-$label.log"; then
		skip "compile $label" "'$cc' cannot build for $arch: $(first_line "$tmp/probe-$label.log")"
		continue
	fi
	usable="$usable$label "
	for v in 4 5; do add_variant "$label-dw$v" "$arch" "$cc" "-gdwarf-$v" "$label"; done
done
for e in "${extras[@]}"; do
	IFS='|' read -r label arch cc dw <<<"$e"
	base=${label%%-dw*}
	case $usable in
	*" $base "*) add_variant "$label" "$arch" "$cc" "$dw" "$base" ;;
	*) skip "compile $label" "$base is not usable (see above)" ;;
	esac
done

xargs -d '\n' -P "$JOBS" -I{} bash -c '{}' <"$tmp/jobs" || true

objects=() # label|arch|source|object
for v in "${variants[@]}"; do
	IFS='|' read -r label arch base <<<"$v"
	nbad=0
	for src in "${sources[@]}"; do
		out=$tmp/$label/$(basename "$src" .c).o
		if [ -s "$out" ]; then
			objects+=("$label|$arch|$src|$out")
		else
			nbad=$((nbad + 1))
			fail "compile $label/$(basename "$src")" "$(grep -m1 -E 'error|Error' "$out.log" || first_line "$out.log")"
		fi
	done
	[ "$nbad" -eq 0 ] && pass "compile $label" "${#sources[@]} fixtures, layouts proven by _Static_assert"
done

# ---------------------------------------------------------------------------------
# Which bitfield encoding and DWARF version each variant produced.

declare -A enc_seen
for v in "${variants[@]}"; do
	IFS='|' read -r label arch base <<<"$v"
	obj=$tmp/$label/bitfields.o
	[ -s "$obj" ] || continue
	readelf --debug-dump=info "$obj" >"$tmp/info.txt" 2>/dev/null
	ndata=$(grep -c 'DW_AT_data_bit_offset' "$tmp/info.txt")
	nlegacy=$(grep -c 'DW_AT_bit_offset' "$tmp/info.txt")
	dwver=$(grep -m1 -oE 'Version: +[0-9]+' "$tmp/info.txt" | grep -oE '[0-9]+$')
	want=${label#*-dw}
	want=${want%%-*}
	if [ "$dwver" != "$want" ]; then
		fail "dwarf-version $label" "asked for DWARF $want, got '${dwver:-none}'"
	fi
	case $arch in s390x) order=BE ;; *) order=LE ;; esac
	[ "$ndata" -gt 0 ] && enc_seen[data_$order]+="$label "
	[ "$nlegacy" -gt 0 ] && enc_seen[legacy_$order]+="$label "
	echo "# $label: DWARF $dwver, bitfields: $ndata DW_AT_data_bit_offset, $nlegacy DW_AT_bit_offset"
done
missing_enc=""
for k in legacy_LE legacy_BE data_LE data_BE; do
	[ -n "${enc_seen[$k]:-}" ] || missing_enc="$missing_enc $k"
done
if [ -z "$missing_enc" ]; then
	pass bitfield-encodings "DW_AT_bit_offset and DW_AT_data_bit_offset, little- and big-endian"
else
	skip bitfield-encodings "no compiled variant has:$missing_enc"
fi

# ---------------------------------------------------------------------------------
# 1 and 2: abidrift show against pahole, and against the fixtures' stated layouts.

run_split() { # script args... (objects come from the array "specs", split in JOBS parts)
	local n=${#specs[@]} i j per
	per=$(((n + JOBS - 1) / JOBS))
	[ "$per" -gt 0 ] || return 0
	for ((i = 0, j = 0; i < n; i += per, j++)); do
		"$PYTHON" "$@" "${specs[@]:i:per}" >"$tmp/split.$j" 2>&1 &
	done
	wait
	for ((i = 0; i < j; i++)); do cat "$tmp/split.$i"; done
}

if ! command -v "$PAHOLE" >/dev/null 2>&1; then
	skip pahole "'$PAHOLE' is not installed: layouts are not compared with pahole"
else
	specs=()
	for o in "${objects[@]}"; do
		IFS='|' read -r label arch src obj <<<"$o"
		specs+=("$label/$(basename "$obj"):$arch:$obj")
	done
	tally < <(run_split "$here/pahole_compare.py" --abidrift "$ABIDRIFT" --pahole "$PAHOLE")
fi

specs=()
for o in "${objects[@]}"; do
	IFS='|' read -r label arch src obj <<<"$o"
	specs+=("$label/$(basename "$obj"):$arch:$src:$obj")
done
tally < <(run_split "$here/layout_expect.py" --abidrift "$ABIDRIFT")

# A few numbers by hand, through each form of TYPE argument.
show_size() { # object type -> size from the header comment, or empty
	"$ABIDRIFT" show "$1" "$2" 2>/dev/null | grep -m1 -oE 'size [0-9]+, align' | grep -oE '[0-9]+'
}
check_show() { # name object type expected-size
	local got
	got=$(show_size "$2" "$3")
	if [ "$got" = "$4" ]; then
		pass "$1"
	else
		fail "$1" "abidrift show $2 '$3': size '${got}', expected $4"
	fi
}
for v in "${variants[@]}"; do
	IFS='|' read -r label arch base <<<"$v"
	d=$tmp/$label
	case $arch in
	x86_64) ll=16 mix=96 ;; i386) ll=12 mix=60 ;; arm) ll=16 mix=64 ;;
	s390x) ll=16 mix=88 ;; *) ll=16 mix=96 ;;
	esac
	[ -s "$d/drift.o" ] && check_show "show-struct-arg $label" "$d/drift.o" "struct drift_ll" "$ll"
	[ -s "$d/drift.o" ] && check_show "show-bare-arg $label" "$d/drift.o" "drift_mix" "$mix"
	[ -s "$d/anon.o" ] && check_show "show-union-arg $label" "$d/anon.o" "union anon_u" 8
	[ -s "$d/anon.o" ] && check_show "show-typedef-arg $label" "$d/anon.o" "anon_typedef_t" 4
	[ -s "$d/typedefs.o" ] && check_show "show-typedef-chain-arg $label" "$d/typedefs.o" "td_position" 8
done

# Enumerator values (64-bit, negative, packed enums) per variant.
for v in "${variants[@]}"; do
	IFS='|' read -r label arch base <<<"$v"
	[ -s "$tmp/$label/enums.o" ] && tally < <(python3 "$here/enum_expect.py" "$ABIDRIFT" "$label" "$tmp/$label/enums.o")
done

# ---------------------------------------------------------------------------------
# 3: the shared library.

libok=0
case $usable in
*" gcc-x86_64 "*)
	mkdir -p "$tmp/lib"
	if gcc -fPIC $CFLAGS_COMMON -o "$tmp/lib/lib.o" "$libdir/lib.c" 2>"$tmp/lib/cc.log" &&
		gcc -shared -Wl,--version-script="$libdir/lib.map" -Wl,-soname,libfix.so.1 \
			-o "$tmp/lib/libfix.so.1" "$tmp/lib/lib.o" 2>>"$tmp/lib/cc.log"; then
		libok=1
	else
		fail "lib-build" "$(first_line "$tmp/lib/cc.log")"
	fi
	;;
*) skip lib "gcc cannot build native objects" ;;
esac
if [ "$libok" = 1 ]; then
	lib=$tmp/lib/libfix.so.1
	if "$ABIDRIFT" dump -o "$tmp/lib/libfix.json" "$lib" 2>"$tmp/lib/dump.err"; then
		if "$PYTHON" "$here/baseline_tool.py" libsyms "$tmp/lib/libfix.json" >"$tmp/lib/check.out"; then
			pass lib-symbols "exported functions and variables, versions, no static/hidden/local"
		else
			fail lib-symbols "$(cat "$tmp/lib/check.out")"
		fi
		# Not exported, so not reachable from the ABI: not even as a type record's name.
		# (fix_lookup_v1/v2, the implementations behind fix_lookup's versions, may
		# legitimately name the function records of those symbols.)
		leaked=""
		for private in fix_local_var fix_static_var fix_static_helper fix_hidden_helper fix_local_func; do
			grep -q "\"$private\"" "$tmp/lib/libfix.json" && leaked="$leaked $private"
		done
		if [ -z "$leaked" ]; then
			pass lib-no-private-names
		else
			fail lib-no-private-names "the dump mentions:$leaked"
		fi
	else
		fail lib-dump "abidrift dump $lib: $(first_line "$tmp/lib/dump.err")"
	fi
fi

# ---------------------------------------------------------------------------------
# 4: determinism, baseline round trip, deduplication.

for v in "${variants[@]}"; do
	IFS='|' read -r label arch base <<<"$v"
	d=$tmp/$label
	bad_det="" bad_rt="" n=0
	for obj in "$d"/*.o; do
		[ -s "$obj" ] || continue
		n=$((n + 1))
		b=${obj%.o}
		if ! "$ABIDRIFT" dump -o "$b.1.json" "$obj" 2>"$b.err"; then
			bad_det="$bad_det $(basename "$obj") (dump failed: $(first_line "$b.err"))"
			continue
		fi
		"$ABIDRIFT" dump "$obj" >"$b.2.json" 2>/dev/null
		cmp -s "$b.1.json" "$b.2.json" || bad_det="$bad_det $(basename "$obj")"
		"$ABIDRIFT" dump -o "$b.3.json" "$b.1.json" 2>"$b.err3"
		if ! cmp -s "$b.1.json" "$b.3.json"; then
			msg=$(first_line "$b.err3")
			bad_rt="$bad_rt $(basename "$obj")${msg:+ ($msg)}"
		fi
	done
	[ "$n" -gt 0 ] || continue
	if [ -z "$bad_det" ]; then pass "determinism $label" "$n objects dumped twice, -o and stdout"; else fail "determinism $label" "output differs or fails for:$bad_det"; fi
	if [ -z "$bad_rt" ]; then pass "baseline-roundtrip $label" "$n baselines"; else fail "baseline-roundtrip $label" "dump of the baseline differs from the baseline for:$bad_rt"; fi

	# the two-CU fixture, linked into one relocatable object
	[ -s "$d/dedup_a.o" ] && [ -s "$d/dedup_b.o" ] || continue
	if command -v ld.lld >/dev/null 2>&1; then linker=ld.lld; else linker=ld; fi
	# in a subshell, so that a crashing linker's "Segmentation fault" goes to the log
	($linker -r -o "$d/dedup.lo" "$d/dedup_a.o" "$d/dedup_b.o"; exit $?) 2>"$d/ld.err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		if [ "$rc" -gt 128 ]; then
			why="$linker -r crashed (signal $((rc - 128)))"
		else
			why="$linker -r failed: $(first_line "$d/ld.err")"
		fi
		skip "dedup $label" "cannot link the two $arch CUs: $why"
		continue
	fi
	if ! "$ABIDRIFT" dump --stats -o "$d/dedup.json" "$d/dedup.lo" 2>"$d/dedup.stats"; then
		fail "dedup $label" "abidrift dump --stats $d/dedup.lo: $(first_line "$d/dedup.stats")"
		continue
	fi
	why=$("$PYTHON" "$here/baseline_tool.py" stats "$d/dedup.stats")
	why2=$("$PYTHON" "$here/baseline_tool.py" typeset "$d/dedup_a.1.json" "$d/dedup_b.1.json" "$d/dedup.json")
	if [ -z "$why$why2" ]; then
		pass "dedup $label" "$(tr '\n' ' ' <"$d/dedup.stats" | sed 's/ *$//')"
	else
		fail "dedup $label" "$why${why:+; }$why2"
	fi
	# the same units linked in the other order give the same bytes
	if $linker -r -o "$d/dedup_ba.lo" "$d/dedup_b.o" "$d/dedup_a.o" 2>/dev/null &&
		"$ABIDRIFT" dump -o "$d/dedup_ba.json" "$d/dedup_ba.lo" 2>/dev/null &&
		cmp -s "$d/dedup.json" "$d/dedup_ba.json"; then
		pass "cu-order $label" "a+b and b+a give byte-identical baselines"
	else
		fail "cu-order $label" "dump of $d/dedup_ba.lo differs from $d/dedup.lo"
	fi
done
if [ "$libok" = 1 ]; then
	"$ABIDRIFT" dump "$lib" >"$tmp/lib/again.json" 2>/dev/null
	if cmp -s "$tmp/lib/libfix.json" "$tmp/lib/again.json"; then pass determinism-lib; else fail determinism-lib "two dumps of libfix.so.1 differ"; fi
fi

# ---------------------------------------------------------------------------------
# 5: errors. Inputs made from a freshly compiled fixture where possible.

e=$tmp/errors
mkdir -p "$e/dir"
ref=""
for cand in gcc-x86_64-dw5 gcc-x86_64-dw4 clang-x86_64-dw5; do
	[ -s "$tmp/$cand/drift.o" ] && { ref=$tmp/$cand/drift.o; break; }
done
: >"$e/empty.o"
# name input [word...]: dump INPUT must fail with status 1, naming INPUT; each WORD
# must appear in the message, each !WORD must not.
expect_error() {
	local name=$1 input=$2 rc
	shift 2
	"$ABIDRIFT" dump "$input" >"$e/out" 2>"$e/err"
	rc=$?
	local msg
	msg=$(first_line "$e/err")
	if [ "$rc" -ne 1 ]; then
		fail "error-$name" "abidrift dump $input: exit $rc, expected 1 (stderr: $msg)"
	elif [[ $msg != "abidrift: error: "* ]]; then
		fail "error-$name" "stderr does not start with 'abidrift: error: ': '$msg'"
	elif ! grep -qF -- "$input" "$e/err"; then
		fail "error-$name" "message does not name $input: '$msg'"
	else
		local w
		for w in "$@"; do
			if [[ $w == !* ]] && grep -qiF -- "${w#!}" "$e/err"; then
				fail "error-$name" "message should not say '${w#!}': '$msg'"
				return
			elif [[ $w != !* ]] && ! grep -qiF -- "$w" "$e/err"; then
				fail "error-$name" "message does not mention '$w': '$msg'"
				return
			fi
		done
		pass "error-$name" "$msg"
	fi
}
expect_error missing-file "$e/no-such-file.o"
expect_error directory "$e/dir"
expect_error empty-file "$e/empty.o"
expect_error not-elf "$bad/not-elf.txt"
expect_error not-json "$bad/not-json.json"
if [ -n "$ref" ]; then
	size=$(stat -c %s "$ref")
	head -c 100 "$ref" >"$e/trunc100.o"
	head -c $((size / 2)) "$ref" >"$e/trunchalf.o"
	expect_error truncated-100 "$e/trunc100.o"
	expect_error truncated-half "$e/trunchalf.o"
	# a truncated file is damaged, not stripped: rebuilding with -g is the wrong advice
	expect_error truncated-100-diagnosis "$e/trunc100.o" '!stripped'
	expect_error truncated-half-diagnosis "$e/trunchalf.o" '!stripped'
	objcopy --strip-debug "$ref" "$e/stripped.o"
	expect_error stripped "$e/stripped.o" stripped -g
	if "$ABIDRIFT" dump -o "$e/good.json" "$ref" 2>/dev/null; then
		"$PYTHON" "$here/baseline_tool.py" mutate version99 "$e/good.json" "$e/v99.json"
		expect_error baseline-version-99 "$e/v99.json"
		if "$PYTHON" "$here/baseline_tool.py" mutate dangling "$e/good.json" "$e/dangling.json" >"$e/mut.out"; then
			expect_error baseline-dangling "$e/dangling.json"
		else
			fail error-baseline-dangling "could not make the input: $(cat "$e/mut.out")"
		fi
	else
		fail error-baselines "abidrift dump $ref failed: no baseline to break"
	fi
else
	skip error-elf-inputs "no native object compiled"
fi

expect_usage() { # name args...: usage error, status 2
	local name=$1 rc
	shift
	"$ABIDRIFT" "$@" >"$e/out" 2>"$e/err"
	rc=$?
	if [ "$rc" -ne 2 ]; then
		fail "usage-$name" "abidrift $*: exit $rc, expected 2 (stderr: $(first_line "$e/err"))"
	elif [ ! -s "$e/err" ]; then
		fail "usage-$name" "abidrift $*: nothing on stderr"
	else
		pass "usage-$name" "$(first_line "$e/err")"
	fi
}
expect_usage no-command
expect_usage unknown-command frobnicate
expect_usage dump-no-input dump
expect_usage unknown-option dump --no-such-option "${ref:-x.o}"

# ---------------------------------------------------------------------------------
# 6: dump -o is atomic: a failed run leaves an existing FILE alone and no temporary.

a=$tmp/atomic
for input in "$bad/not-elf.txt" "$e/trunchalf.o" "$e/dangling.json" "$e/no-such-file.o"; do
	[ -e "$input" ] || [ "$input" = "$e/no-such-file.o" ] || continue
	rm -rf "$a"
	mkdir -p "$a"
	printf 'previous content\n' >"$a/out.json"
	cp "$a/out.json" "$tmp/atomic-ref"
	"$ABIDRIFT" dump -o "$a/out.json" "$input" >/dev/null 2>"$tmp/atomic.err"
	rc=$?
	name="atomic-$(basename "$input")"
	left=""
	for f in "$a"/* "$a"/.[!.]*; do
		[ -e "$f" ] && [ "$f" != "$a/out.json" ] && left="$left $(basename "$f")"
	done
	if [ "$rc" -ne 1 ]; then
		fail "$name" "exit $rc, expected 1"
	elif ! cmp -s "$a/out.json" "$tmp/atomic-ref"; then
		fail "$name" "existing $a/out.json was changed by a failed run"
	elif [ -n "$left" ]; then
		fail "$name" "left behind in the output directory: $left"
	else
		pass "$name"
	fi
done
if [ -n "$ref" ]; then
	rm -rf "$a"
	mkdir -p "$a"
	printf 'previous content\n' >"$a/out.json"
	if "$ABIDRIFT" dump -o "$a/out.json" "$ref" 2>"$tmp/atomic.err" &&
		"$PYTHON" -c 'import json,sys; json.load(open(sys.argv[1]))' "$a/out.json" 2>/dev/null &&
		[ "$(cd "$a" && ls -A)" = out.json ]; then
		pass atomic-success "replaced, valid JSON, nothing else left"
	else
		fail atomic-success "dump -o over an existing file: $(first_line "$tmp/atomic.err"); dir: $(cd "$a" && ls -A | tr '\n' ' ')"
	fi
	# A full device: exit 1 with one message naming it, on -o and on standard output.
	for how in "-o /dev/full" "stdout"; do
		if [ "$how" = stdout ]; then
			"$ABIDRIFT" dump "$ref" >/dev/full 2>"$tmp/full.err"
			rc=$?
			want="standard output"
		else
			"$ABIDRIFT" dump -o /dev/full "$ref" >/dev/null 2>"$tmp/full.err"
			rc=$?
			want="/dev/full"
		fi
		if [ "$rc" -eq 1 ] && [ "$(wc -l <"$tmp/full.err")" -eq 1 ] &&
			grep -q "^abidrift: error: $want: .*No space left on device" "$tmp/full.err"; then
			pass "full-device $how"
		else
			fail "full-device $how" "exit $rc: $(cat "$tmp/full.err")"
		fi
	done
	# /dev/stdout is written in place, not replaced.
	if "$ABIDRIFT" dump -o /dev/stdout "$ref" 2>/dev/null | cmp -s - "$a/out.json"; then
		pass "dump -o /dev/stdout"
	else
		fail "dump -o /dev/stdout" "output differs from dump -o FILE"
	fi
fi

finish
