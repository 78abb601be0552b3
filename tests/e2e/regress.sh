#!/usr/bin/env bash
# Inputs that fuzzing once crashed abidrift with (testdata/bad/fuzz/): every command
# that reads them must end normally (exit 0 or 1), with no sanitizer report or signal.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
ABIDRIFT=${ABIDRIFT:-$top/abidrift}
E2E_NAME=regress
# shellcheck source=tests/e2e/common.sh
. "$here/common.sh"

for f in "$top"/testdata/bad/fuzz/*; do
	[ -e "$f" ] || continue
	name=$(basename "$f")
	case $name in
	fuzz_suppress-*) cmds=("diff --suppressions $f $top/testdata/baseline/good-small.json $top/testdata/baseline/good-small.json") ;;
	*) cmds=("dump $f" "show $f" "lint $f" "show --target i386 $f" "diff $f $f") ;;
	esac
	for cmd in "${cmds[@]}"; do
		# shellcheck disable=SC2086
		timeout 60 "$ABIDRIFT" $cmd >/dev/null 2>"$tmp/err"
		rc=$?
		if [ "$rc" -gt 1 ] && [ "$rc" -ne 4 ] && [ "$rc" -ne 12 ]; then
			fail "regress $name: ${cmd%% *}" "exit $rc: $(head -c 300 "$tmp/err")"
		elif grep -qE 'runtime error|Sanitizer|BUG at' "$tmp/err"; then
			fail "regress $name: ${cmd%% *}" "$(grep -m1 -E 'runtime error|Sanitizer|BUG' "$tmp/err")"
		else
			pass "regress $name: ${cmd%% *}" "exit $rc"
		fi
	done
done
finish
