#!/usr/bin/env bash
# End-to-end tests of `abidrift diff` (run by `make e2e`).
#
# Builds every case of testdata/diff (v1.c and v2.c, each a tiny shared library) with gcc
# and clang for x86_64 at DWARF 4 and 5, gcc -m32 and one big-endian clang target, into a
# private temporary directory, then lets diff_check.py compare the reports with each
# case's expected.json (exactly for x86_64 gcc DWARF 5; kinds, severities, paths, symbols
# and exit status elsewhere) and check baselines, the text format, --output, errors,
# usage and determinism. Prints `PASS name`, `FAIL name: reason` or `SKIP name: reason`
# per check, then `N passed, N failed, N skipped`; exits 1 if any check failed. A
# compiler or target that cannot be used is a reported skip.
#
# Environment: ABIDRIFT (default ./abidrift at the top of the tree), PYTHON, JOBS
# (parallel jobs, default 2), KEEP=1 keeps the temporary directory, CASES (a
# space-separated subset of the case names).

set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
ABIDRIFT=${ABIDRIFT:-$top/abidrift}
JOBS=${JOBS:-2}
if [ -z "${PYTHON:-}" ]; then
	if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
fi
export PYTHONDONTWRITEBYTECODE=1 # no __pycache__ in the source tree
casedir=$top/testdata/diff

E2E_NAME=diff
# shellcheck source=tests/e2e/common.sh
. "$here/common.sh"
first_line() { { grep -m1 -E 'error|Error' "$1" || head -n 1 "$1"; } 2>/dev/null | cut -c 1-300; }
# One binary for the whole run, even if ./abidrift is rebuilt meanwhile.
mkdir -p "$tmp/bin"
cp "$ABIDRIFT" "$tmp/bin/abidrift" || exit 1
ABIDRIFT=$tmp/bin/abidrift

cases=()
if [ -n "${CASES:-}" ]; then
	for c in $CASES; do cases+=("$c"); done
else
	for d in "$casedir"/*/; do
		d=${d%/}
		[ -f "$d/v1.c" ] && [ -f "$d/v2.c" ] && cases+=("$(basename "$d")")
	done
fi
for c in "${cases[@]}"; do
	for f in v1.c v2.c expected.json; do
		[ -f "$casedir/$c/$f" ] || fail "case $c" "$casedir/$c/$f is missing"
	done
done

# ---------------------------------------------------------------------------------
# Variants. label|arch|compiler and target flags|DWARF flags

CFLAGS_COMMON="-shared -fPIC -g -O0 -fno-eliminate-unused-debug-types"
candidates=(
	"gcc-x86_64-dw4|x86_64|gcc|-gdwarf-4"
	"gcc-x86_64-dw5|x86_64|gcc|-gdwarf-5"
	"clang-x86_64-dw4|x86_64|clang|-gdwarf-4"
	"clang-x86_64-dw5|x86_64|clang|-gdwarf-5"
	"gcc-i386-dw5|i386|gcc -m32|-gdwarf-5"
)
# The first big-endian target that clang and ld.lld can link a shared library for.
# (ld.lld 14 knows no s390x emulation at all.)
big_endian=(
	"clang-s390x-dw5|s390x|clang --target=s390x-linux-gnu -ffreestanding -nostdlib -fuse-ld=lld|-gdwarf-5"
	"clang-ppc64-dw5|ppc64|clang --target=powerpc64-linux-gnu -ffreestanding -nostdlib -fuse-ld=lld|-gdwarf-5"
	"clang-mips-dw5|mips|clang --target=mips-linux-gnu -ffreestanding -nostdlib -fuse-ld=lld|-gdwarf-5"
)

mkdir -p "$tmp/probe"
printf 'struct p { int a; };\nint probe_f(struct p *p) { return p->a; }\n' >"$tmp/probe/p.c"
printf 'PROBE_1 {\n\tglobal:\n\t\tprobe_f;\n\tlocal:\n\t\t*;\n};\n' >"$tmp/probe/p.map"
usable() { # label cc dwflags: can this variant link a versioned shared library?
	(cd "$tmp/probe" && $2 $CFLAGS_COMMON $3 -Wl,--version-script=p.map -Wl,-soname,libp.so.1 \
		-o "$1.so" p.c) >"$tmp/probe/$1.log" 2>&1
}
variants=()
for v in "${candidates[@]}"; do
	IFS='|' read -r label arch cc dw <<<"$v"
	if usable "$label" "$cc" "$dw"; then
		variants+=("$v")
	else
		skip "variant $label" "'$cc $dw' cannot link a shared library for $arch: $(first_line "$tmp/probe/$label.log")"
	fi
done
for v in "${big_endian[@]}"; do
	IFS='|' read -r label arch cc dw <<<"$v"
	if usable "$label" "$cc" "$dw"; then
		variants+=("$v")
		break
	fi
	skip "variant $label" "'$cc' cannot link a shared library for $arch: $(first_line "$tmp/probe/$label.log")"
done
[ "${#variants[@]}" -gt 0 ] || {
	fail variants "no compiler can build the cases"
	finish
}

# ---------------------------------------------------------------------------------
# Build every case for every variant, from the case's directory.

: >"$tmp/jobs"
for v in "${variants[@]}"; do
	IFS='|' read -r label arch cc dw <<<"$v"
	for c in "${cases[@]}"; do
		src=$casedir/$c
		out=$tmp/$label/$c
		mkdir -p "$out"
		for n in v1 v2; do
			extra=""
			[ -f "$src/$n.map" ] && extra="-Wl,--version-script=$n.map"
			soname=libv.so.1
			[ -f "$src/$n.soname" ] && soname=$(head -n 1 "$src/$n.soname")
			printf 'cd %q && %s %s %s %s -Wl,-soname,%q -o %q %q >%q 2>&1\n' "$src" "$cc" \
				"$CFLAGS_COMMON" "$dw" "$extra" "$soname" "$out/$n.so" "$n.c" \
				"$out/$n.log" >>"$tmp/jobs"
		done
	done
done
xargs -d '\n' -P "$JOBS" -I{} bash -c '{}' <"$tmp/jobs" || true

labels=()
for v in "${variants[@]}"; do
	IFS='|' read -r label arch cc dw <<<"$v"
	nbad=0
	for c in "${cases[@]}"; do
		for n in v1 v2; do
			if [ ! -s "$tmp/$label/$c/$n.so" ]; then
				nbad=$((nbad + 1))
				fail "compile $label/$c/$n.c" "$(first_line "$tmp/$label/$c/$n.log")"
			fi
		done
	done
	[ "$nbad" -eq 0 ] && pass "compile $label" "${#cases[@]} cases"
	labels+=("$label:$arch")
done

# ---------------------------------------------------------------------------------
# The checks.

tally < <("$PYTHON" "$here/diff_check.py" --abidrift "$ABIDRIFT" --cases "$casedir" \
	--build "$tmp" --jobs "$JOBS" "${labels[@]}" -- "${cases[@]}" 2>&1)

# ---------------------------------------------------------------------------------
# Suppressions through the real command, on the member_offset case (breaking).

sup_dir=$tmp/gcc-x86_64-dw5/member_offset
if [ -s "$sup_dir/v1.so" ] && [ -s "$sup_dir/v2.so" ]; then
	sup_check() { # name expected-exit jq-like-python-check rule-text...
		local name=$1 want=$2 check=$3 rc
		shift 3
		printf '%s\n' "$@" >"$tmp/rules.abignore"
		"$ABIDRIFT" diff --format json --suppressions "$tmp/rules.abignore" \
			"$sup_dir/v1.so" "$sup_dir/v2.so" >"$tmp/sup.json" 2>"$tmp/sup.err"
		rc=$?
		if [ "$rc" -ne "$want" ]; then
			fail "suppress $name" "exit $rc, expected $want: $(first_line "$tmp/sup.err")"
		elif [ -n "$check" ] && ! "$PYTHON" -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if ($check) else 1)" "$tmp/sup.json"; then
			fail "suppress $name" "report does not satisfy: $check"
		else
			pass "suppress $name"
		fi
	}
	sup_check type-name 0 "r['counts']['suppressed'] > 0 and r['counts']['breaking'] == 0 and all(c['reason'] == 'moved on purpose' for c in r['suppressed'])" \
		"[suppress_type]" "name = mo" "reason = moved on purpose"
	sup_check function-propagates 0 "r['counts']['suppressed'] > 0 and not r['changes']" \
		"[suppress_function]" "name_regexp = ^mo_"
	sup_check expired 12 "r['expired_rules'] and r['expired_rules'][0]['expires'] == '2000-01-01' and r['counts']['suppressed'] == 0" \
		"[suppress_type]" "name = mo" "expires = 2000-01-01"
	sup_check future-expiry 0 "r['counts']['suppressed'] > 0 and not r['expired_rules']" \
		"[suppress_type]" "name = mo" "expires = 2999-12-31"
	sup_check file-name-regexp-elsewhere 12 "r['counts']['suppressed'] == 0" \
		"[suppress_type]" "name = mo" "file_name_regexp = ^libother"
	sup_check type-kind-mismatch 12 "r['counts']['suppressed'] == 0" \
		"[suppress_type]" "name = mo" "type_kind = union"
	# an unknown key is an error naming the file and line, not a silent no-op
	printf '[suppress_type]\nname = mo\nhas_size_change = yes\n' >"$tmp/bad.abignore"
	"$ABIDRIFT" diff --suppressions "$tmp/bad.abignore" "$sup_dir/v1.so" "$sup_dir/v2.so" \
		>/dev/null 2>"$tmp/bad.err"
	rc=$?
	if [ "$rc" -eq 1 ] && grep -q "bad.abignore:3:" "$tmp/bad.err"; then
		pass "suppress unknown-key" "exit 1, names the line"
	else
		fail "suppress unknown-key" "exit $rc: $(first_line "$tmp/bad.err")"
	fi
else
	skip "suppress" "the gcc-x86_64-dw5 build of member_offset is missing"
fi

finish
