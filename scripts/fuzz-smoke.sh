#!/usr/bin/env bash
# Run each libFuzzer target for a bounded time (FUZZ_SECONDS, default 60) on seeds made
# from testdata/: compiled fixtures for the ELF reader, baselines, suppression files.
# A finding stops with exit 1 and leaves the input in fuzz-findings/ for a regression
# test. Prints the executions run per target.
set -u
build=$1
shift
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${FUZZ_SECONDS:-60}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/abidrift-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# seeds
mkdir -p "$tmp/seed_elf" "$tmp/seed_baseline" "$tmp/seed_suppress"
for f in "$top"/testdata/fixtures/{anon,arrays,bitfields,enums,packed}.c; do
	b=$(basename "$f" .c)
	gcc -g -gz=none -c -I"$top/testdata/fixtures" "$f" -o "$tmp/seed_elf/$b.x86_64.o" 2>/dev/null
	gcc -m32 -g -gdwarf-4 -gz=none -c -I"$top/testdata/fixtures" "$f" -o "$tmp/seed_elf/$b.i386.o" 2>/dev/null
	clang --target=s390x-linux-gnu -ffreestanding -g -c -I"$top/testdata/fixtures" "$f" \
		-o "$tmp/seed_elf/$b.s390x.o" 2>/dev/null
done
cp "$top"/testdata/baseline/*.json "$tmp/seed_baseline/" 2>/dev/null
for o in "$tmp"/seed_elf/*.x86_64.o; do
	"$top/abidrift" dump "$o" >"$tmp/seed_baseline/$(basename "$o" .o).json" 2>/dev/null ||
		rm -f "$tmp/seed_baseline/$(basename "$o" .o).json"
done
cp "$top"/testdata/suppress/* "$tmp/seed_suppress/" 2>/dev/null

status=0
mkdir -p "$top/fuzz-findings"
for t in "$@"; do
	kind=${t#fuzz_}
	mkdir -p "$tmp/corpus_$kind"
	echo "== $t: ${secs}s on $(ls "$tmp/seed_$kind" | wc -l) seeds"
	"$build/$t" -max_total_time="$secs" -max_len=262144 -rss_limit_mb=2048 -timeout=25 \
		-print_final_stats=1 -artifact_prefix="$tmp/$t-" \
		"$tmp/corpus_$kind" "$tmp/seed_$kind" >"$tmp/$t.log" 2>&1
	rc=$?
	runs=$(grep -m1 'stat::number_of_executed_units' "$tmp/$t.log" | awk '{print $2}')
	if [ "$rc" -ne 0 ]; then
		echo "FAIL $t: libFuzzer exit $rc after ${runs:-?} executions"
		grep -m20 -E 'ERROR|SUMMARY|runtime error|#[0-9]+ 0x' "$tmp/$t.log"
		cp "$tmp/$t-"* "$top/fuzz-findings/" 2>/dev/null && ls "$top"/fuzz-findings/
		status=1
	else
		echo "PASS $t: ${runs:-?} executions, no finding"
	fi
done
rmdir "$top/fuzz-findings" 2>/dev/null
exit $status
