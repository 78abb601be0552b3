# Shared by the end-to-end scripts (sourced, bash): a private temporary directory,
# PASS/FAIL/SKIP lines and the closing "N passed, N failed, N skipped" line.
# Set E2E_NAME before sourcing; KEEP=1 keeps the temporary directory.

tmp=$(mktemp -d "${TMPDIR:-/tmp}/abidrift-$E2E_NAME.XXXXXX") || exit 1
if [ "${KEEP:-0}" = 1 ]; then
	trap 'echo "# kept $tmp"' EXIT
else
	trap 'rm -rf "$tmp"' EXIT
fi
trap 'exit 130' INT TERM

npass=0
nfail=0
nskip=0
pass() { echo "PASS $1${2:+ ($2)}"; npass=$((npass + 1)); }
fail() { echo "FAIL $1: $2"; nfail=$((nfail + 1)); }
skip() { echo "SKIP $1: $2"; nskip=$((nskip + 1)); }
# Echoes and counts the PASS/FAIL/SKIP lines that a helper script prints.
tally() {
	local line
	while IFS= read -r line; do
		case $line in
		PASS\ *) npass=$((npass + 1)) ;;
		FAIL\ *) nfail=$((nfail + 1)) ;;
		SKIP\ *) nskip=$((nskip + 1)) ;;
		esac
		printf '%s\n' "$line"
	done
}
finish() {
	echo "$npass passed, $nfail failed, $nskip skipped"
	[ "$nfail" -eq 0 ]
	exit $?
}

if [ ! -x "$ABIDRIFT" ]; then
	fail abidrift "$ABIDRIFT is missing or not executable (run make abidrift)"
	finish
fi
