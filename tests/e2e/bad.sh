#!/usr/bin/env bash
# Hostile inputs: abidrift must never crash, hang or run out of memory on an ELF file,
# baseline or suppression file it did not make. Every broken input gives exit status 1
# and one message, `abidrift: error: FILE: ...`, naming the file and the problem; valid
# but huge inputs ("stress" cases) give their normal status. Either way within a time
# limit and under 2 GB of memory, with no signal and no sanitizer report.
#
# tests/e2e/make_bad.py generates the inputs into a private temporary directory at test
# time (from the seeds in testdata/bad, whose README lists every case) and a manifest of
# runs; this script runs each one under `timeout` and `/usr/bin/time -f %M` and checks:
#   - the exit status is the expected one (1 for broken inputs);
#   - on an error, stderr starts with "abidrift: error: " and its first line names the
#     input, plus any words the case asks for;
#   - no signal, no "runtime error", no AddressSanitizer/LeakSanitizer/UBSan report, no
#     "abidrift: BUG" or "abidrift: fatal";
#   - the run ends within BAD_TIMEOUT seconds (default 60), its peak RSS stays under
#     BAD_MAX_RSS_MB (default 2048), and stderr stays under 64 KiB (messages quote
#     inputs briefly, however long the name in the input is).
# Works with a normal build and with `make SANITIZE=1` (detected; ASan then enforces the
# memory cap itself, since a virtual memory ulimit would break it).
#
# Prints `PASS name (exit, seconds, MB: message)`, `FAIL name: reason` or
# `SKIP name: reason`, then `N passed, N failed, N skipped`; exits 1 if any check failed.
#
# Environment: ABIDRIFT (default ./abidrift at the top of the tree), PYTHON, JOBS (runs
# in parallel, default 2), BAD_TIMEOUT, BAD_MAX_RSS_MB, BAD_ONLY (a grep -E pattern:
# only the cases whose name matches), KEEP=1 keeps the temporary directory.

set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
ABIDRIFT=${ABIDRIFT:-$top/abidrift}
case $ABIDRIFT in /*) ;; *) ABIDRIFT=$PWD/$ABIDRIFT ;; esac
JOBS=${JOBS:-2}
LIMIT=${BAD_TIMEOUT:-60}
MAX_RSS_MB=${BAD_MAX_RSS_MB:-2048}
if [ -z "${PYTHON:-}" ]; then
	if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
fi
export PYTHONDONTWRITEBYTECODE=1 # no __pycache__ in the source tree
export LC_ALL=C

E2E_NAME=bad
# shellcheck source=tests/e2e/common.sh
. "$here/common.sh"

gen=$tmp/gen
mkdir -p "$gen" "$tmp/runs"
if ! "$PYTHON" "$here/make_bad.py" "$top/testdata/bad" "$gen" >"$tmp/gen.log" 2>&1; then
	fail make_bad "tests/e2e/make_bad.py failed: $(tail -n 1 "$tmp/gen.log" | cut -c 1-300)"
	finish
fi

# Sanitizer build? Then ASan caps memory (a ulimit -v would break its shadow memory).
vlimit=""
if grep -qa __asan_init "$ABIDRIFT"; then
	echo "# $ABIDRIFT is a sanitizer build"
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}hard_rss_limit_mb=$((MAX_RSS_MB * 2)):malloc_limit_mb=$((MAX_RSS_MB * 2)):allocator_may_return_null=1"
	export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1"
else
	# a runaway allocation fails instead of taking the machine down
	vlimit=$((MAX_RSS_MB * 2 * 1024))
fi
if [ -x /usr/bin/time ]; then
	measure() { /usr/bin/time -f %M -o "$1" timeout -k 5 "$LIMIT" "${@:2}"; }
else
	echo "# /usr/bin/time is missing: measuring with make_bad.py --measure"
	measure() { "$PYTHON" "$here/make_bad.py" --measure "$1" "$LIMIT" "${@:2}"; }
fi

crash='runtime error|Sanitizer|Segmentation fault|core dumped|abidrift: BUG|abidrift: fatal'

# One run: the manifest's fields. Writes its PASS/FAIL line to $tmp/runs/N.res.
run_one() { # n name expect named errwords outwords args...
	local n=$1 name=$2 expect=$3 named=$4 ew=$5 ow=$6
	shift 6
	local d=$tmp/runs/$n rc t0 t1 ms rss_kb rss_mb first w sig bytes why="" repro
	printf -v repro '%q ' "$ABIDRIFT" "$@"
	mkdir -p "$d"
	t0=$(date +%s%N)
	(
		[ -n "$vlimit" ] && ulimit -v "$vlimit"
		measure "$d/rss" "$ABIDRIFT" "$@" >"$d/out" 2>"$d/err"
	)
	rc=$?
	t1=$(date +%s%N)
	ms=$(((t1 - t0) / 1000000))
	rss_kb=$(tail -n 1 "$d/rss" 2>/dev/null | grep -oE '^[0-9]+$')
	rss_mb=$(((${rss_kb:-0} + 1023) / 1024))
	first=$(head -n 1 "$d/err" | cut -c 1-200)
	bytes=$(wc -c <"$d/err")
	sig=$(grep -oE 'terminated by signal [0-9]+' "$d/rss" 2>/dev/null)

	if [ "$rc" -eq 124 ]; then
		why="timed out after $LIMIT s (a hang, or far too slow)"
	elif [ -n "$sig" ] || [ "$rc" -gt 128 ]; then
		why="killed: ${sig:-exit $rc} (stderr: $first)"
	elif [ -n "$rss_kb" ] && [ "$rss_mb" -ge "$MAX_RSS_MB" ]; then
		why="peak RSS $rss_mb MB, limit $MAX_RSS_MB MB (exit $rc, $ms ms; stderr: $first)"
	elif grep -qE "$crash" "$d/err"; then
		why="crash report on stderr: $(grep -m1 -E "$crash" "$d/err" | cut -c 1-200)"
	elif [ -z "$rss_kb" ]; then
		why="no peak RSS measured (exit $rc)"
	elif ! [[ "|$expect|" == *"|$rc|"* ]]; then
		why="exit $rc, expected $expect (stderr: ${first:-nothing})"
	elif [ "$bytes" -gt 65536 ]; then
		why="$bytes bytes on stderr: a message must quote its input briefly ($(echo "$first" | cut -c 1-100)...)"
	elif [ "$rc" -eq 1 ]; then
		if [[ $first != "abidrift: error: "* ]]; then
			why="stderr does not start with 'abidrift: error: ': '$first'"
		elif [[ $first != *"$named"* ]]; then
			why="the message does not name $named: '$first'"
		fi
	elif grep -q 'abidrift: error:' "$d/err"; then
		why="exit $rc, but an error on stderr: '$(grep -m1 'abidrift: error:' "$d/err" | cut -c 1-200)'"
	fi
	if [ -z "$why" ] && [ "$ew" != - ]; then
		local IFS=,
		for w in $ew; do
			if [[ $w == !* ]] && grep -qiF -- "${w#!}" "$d/err"; then
				why="the message should not say '${w#!}': '$first'"
				break
			elif [[ $w != !* ]] && ! grep -qiF -- "$w" "$d/err"; then
				why="the message does not mention '$w': '$first'"
				break
			fi
		done
	fi
	if [ -z "$why" ] && [ "$ow" != - ] && [ "$rc" -ne 1 ]; then
		local IFS=,
		for w in $ow; do
			if ! grep -qF -- "$w" "$d/out"; then
				why="exit $rc, but the output does not contain '$w': '$(head -c 200 "$d/out" | tr '\n' ' ')'"
				break
			fi
		done
	fi
	local stats="exit $rc, $ms ms, $rss_mb MB"
	if [ -n "$why" ]; then
		echo "FAIL $name: $why [$stats; reproduce: ${repro% }]" >"$d.res"
	else
		echo "PASS $name ($stats${first:+: $first})" >"$d.res"
	fi
	rm -rf "$d" # outputs can be large
}

n=0
while IFS= read -r line; do
	IFS=$'\t' read -r -a f <<<"$line"
	[ "${#f[@]}" -ge 3 ] || continue
	if [ -n "${BAD_ONLY:-}" ] && ! grep -qE -- "$BAD_ONLY" <<<"${f[1]}"; then
		continue
	fi
	case ${f[0]} in
	skip) skip "${f[1]}" "${f[2]}" ;;
	fail) fail "${f[1]}" "${f[2]}" ;;
	case)
		n=$((n + 1))
		while [ "$(jobs -pr | wc -l)" -ge "$JOBS" ]; do wait -n; done
		run_one "$n" "${f[@]:1}" &
		;;
	esac
done <"$gen/manifest"
wait

for ((i = 1; i <= n; i++)); do
	if [ -s "$tmp/runs/$i.res" ]; then
		tally <"$tmp/runs/$i.res"
	else
		fail "run $i" "no result (the harness itself failed)"
	fi
done
if [ "$nfail" -gt 0 ] && [ "${KEEP:-0}" != 1 ]; then
	echo "# the inputs are deleted on exit; KEEP=1 keeps them for the reproducers"
fi
finish
