#!/bin/sh
# The first `make demo` on a machine that lacks a build dependency must install it and
# succeed in one run. Removes one -dev package (libjansson-dev), then runs `make demo` in a
# fresh clone of HEAD and requires exit 0 and the demo's drift table. Needs root; run by
# .ci/run. The package is installed again by the demo itself (or by install-deps.sh).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
if [ "$(id -u)" -ne 0 ]; then
	echo "FAIL fresh-machine: must run as root to remove a package" >&2
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/abidrift-fresh.XXXXXX")
trap 'rm -rf "$tmp"; "$top/scripts/install-deps.sh"' EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get remove -y -qq libjansson-dev >/dev/null
if pkg-config --exists jansson 2>/dev/null; then
	echo "FAIL fresh-machine: jansson's pkg-config file is still there after removing libjansson-dev" >&2
	exit 1
fi
git clone -q "$top" "$tmp/clone"
if ! make -C "$tmp/clone" demo >"$tmp/demo.log" 2>&1; then
	tail -n 30 "$tmp/demo.log"
	echo "FAIL fresh-machine: the first 'make demo' without libjansson-dev failed" >&2
	exit 1
fi
if ! grep -q '^struct hc_readconsole (' "$tmp/demo.log" ||
	! grep -qE '^  x86_64 +24 +8$' "$tmp/demo.log"; then
	tail -n 30 "$tmp/demo.log"
	echo "FAIL fresh-machine: 'make demo' printed no drift table" >&2
	exit 1
fi
echo "PASS fresh-machine: the first 'make demo' installed libjansson-dev and showed the drift table"
