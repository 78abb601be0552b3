#!/usr/bin/env python3
"""Check `abidrift show` against the layouts the fixtures state for each target.

usage: layout_expect.py [--abidrift PATH] LABEL:ARCH:SOURCE:OBJECT...

The fixtures state CHECK_SIZE, CHECK_ALIGN, CHECK_OFFSET and CHECK_BIT lines (see
testdata/fixtures/layout.h); the compiler has proven all but CHECK_BIT when it built
OBJECT from SOURCE. This reads those lines from SOURCE and the local headers it
includes, picks the value for ARCH, and checks abidrift's view of OBJECT against
each. Prints `PASS expect LABEL (N checks)` or `FAIL expect LABEL: ...`.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import layoutparse as lp  # noqa: E402

ARCHES = ["x86_64", "i386", "aarch64", "arm", "riscv64", "ppc64le", "s390x"]
CHECK_RE = re.compile(r"^\s*CHECK_(SIZE|ALIGN|OFFSET|BIT)\((.*)\);\s*$")
INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def read_checks(source, seen=None):
    """[(what, type, member or None, [7 values])] from SOURCE and its local includes."""
    seen = seen if seen is not None else set()
    source = os.path.realpath(source)
    if source in seen:
        return []
    seen.add(source)
    checks = []
    with open(source, encoding="utf-8") as f:
        for line in f:
            m = INCLUDE_RE.match(line)
            if m:
                inc = os.path.join(os.path.dirname(source), m.group(1))
                if os.path.basename(inc) != "layout.h" and os.path.exists(inc):
                    checks.extend(read_checks(inc, seen))
                continue
            m = CHECK_RE.match(line)
            if not m:
                continue
            args = [a.strip() for a in m.group(2).split(",")]
            what = m.group(1)
            if what in ("OFFSET", "BIT"):
                typ, member, vals = args[0], args[1], args[2:]
            else:
                typ, member, vals = args[0], None, args[1:]
            if len(vals) != len(ARCHES):
                raise SystemExit("%s: CHECK_%s(%s): expected %d values" % (source, what, typ, len(ARCHES)))
            checks.append((what, typ, member, [int(v, 0) for v in vals]))
    return checks


def layouts_for(abidrift, obj, names):
    """{type name: Layout or error string} as abidrift shows them."""
    rc, out, err = lp.run([abidrift, "show", obj])
    found = {}
    if rc == 0:
        for lay in lp.parse_show(out)[1]:
            if lay.key:
                found.setdefault(lay.key, lay)
    result = {}
    for name in names:
        if name in found:
            result[name] = found[name]
            continue
        # typedef names and anything the full view did not list: ask for it by name
        rc2, out2, err2 = lp.run([abidrift, "show", obj, name])
        got = lp.parse_show(out2)[1] if rc2 == 0 else []
        if rc2 != 0:
            result[name] = "abidrift show %s exit %d: %s" % (name, rc2, (err2.strip().splitlines() or [""])[0])
        elif len(got) != 1:
            result[name] = "abidrift show %s printed %d types" % (name, len(got))
        else:
            result[name] = got[0]
    return result


def check(abidrift, label, arch, source, obj):
    col = ARCHES.index(arch)
    checks = read_checks(source)
    if not checks:
        return "FAIL", "no CHECK_* lines in %s" % source
    lays = layouts_for(abidrift, obj, sorted({c[1] for c in checks}))
    probs = []
    for what, typ, member, vals in checks:
        want = vals[col]
        lay = lays[typ]
        if isinstance(lay, str):
            probs.append(lay)
            lays[typ] = "(reported)"
            continue
        if lay == "(reported)":
            continue
        where = typ + ("." + member if member else "")
        if what == "SIZE":
            got = lay.size
        elif what == "ALIGN":
            got = lay.align
        else:
            m = lay.member(member)
            if m is None:
                probs.append("%s: no such member in abidrift's view" % where)
                continue
            if what == "BIT":
                if not m.is_bitfield:
                    probs.append("%s: not shown as a bitfield (%s)" % (where, m.describe()))
                    continue
                got = m.abs_bit
            else:
                got = m.off
        if got != want:
            probs.append("%s %s: expected %s, abidrift %s" % (what.lower(), where, want, got))
    if probs:
        return "FAIL", "; ".join(probs)
    return "PASS", "%d checks" % len(checks)


def main(argv):
    abidrift = "./abidrift"
    if argv[:1] == ["--abidrift"]:
        abidrift, argv = argv[1], argv[2:]
    for spec in argv:
        label, arch, source, obj = spec.split(":", 3)
        status, why = check(abidrift, label, arch, source, obj)
        if status == "PASS":
            print("PASS expect %s (%s)" % (label, why), flush=True)
        else:
            print("FAIL expect %s: %s" % (label, why), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
