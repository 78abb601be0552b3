#!/usr/bin/env python3
"""Compare `abidrift show` with `pahole` on every struct and union of some objects.

usage: pahole_compare.py [--abidrift PATH] [--pahole PATH] LABEL:ARCH:OBJECT...

For each object, prints one line: `PASS pahole LABEL`, `FAIL pahole LABEL: reasons`
or `SKIP pahole LABEL: reason` (pahole cannot read it). Compared for every struct and
union that either tool shows: total size, the named members in order (anonymous
aggregates included, as '{struct}'/'{union}'), each member's byte offset, absolute
bit offset (bitfields), size, the byte holes and bit holes (size, and the member they
follow; abidrift follows pahole's accounting, which splits a gap that runs from the
middle of a bitfield's unit to a later byte into a bit hole plus a byte hole), and
tail padding. Also checks that abidrift's target line names ARCH.

Not compared: type names (pahole 1.24 misprints some qualified pointer types, e.g.
`const char *const` as `const const char *`), and alignment (pahole shows it only as
an inferred attribute; layout_expect.py checks it against the compiler instead).
pahole 1.24 also prints, for clang's DWARF, each anonymous member's type a second
time as a nested definition without offsets; layoutparse.py leaves those out.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import layoutparse as lp  # noqa: E402

PAHOLE_FLAGS = ["-F", "dwarf", "-a", "--suppress_aligned_attribute", "--suppress_packed",
                "--suppress_force_paddings"]


def pahole_layouts(pahole, obj):
    """([Layout], None) or (None, reason)."""
    rc, out, err = lp.run([pahole] + PAHOLE_FLAGS + [obj])
    if rc != 0:
        return None, "pahole exit %d: %s" % (rc, (err.strip().splitlines() or ["no message"])[0])
    layouts = lp.parse_pahole(out)
    if not layouts:
        return None, "pahole printed no struct or union%s" % (
            ": " + err.strip().splitlines()[0] if err.strip() else "")
    # pahole's full view has no size line for unions; its --sizes view, in the same
    # order and with (null) for typedef'd anonymous types, does.
    rc, out, err = lp.run([pahole, "-F", "dwarf", "-a", "-s", obj])
    rows = [line.split("\t") for line in out.splitlines() if line.count("\t") >= 2]
    if rc == 0 and len(rows) == len(layouts):
        for lay, row in zip(layouts, rows):
            if row[0] not in ("(null)", lay.name or ""):
                break
            if lay.size is None:
                lay.size = int(row[1])
    else:
        by_name = {row[0]: int(row[1]) for row in rows}
        for lay in layouts:
            if lay.size is None and lay.name in by_name:
                lay.size = by_name[lay.name]
    return layouts, None


def index(layouts):
    """{key: Layout}, first wins, plus the keys seen more than once."""
    out, dups = {}, set()
    for lay in layouts:
        if lay.key is None:
            continue
        if lay.key in out:
            dups.add(lay.key)
            continue
        out[lay.key] = lay
    return out, dups


def compare(key, a, p):
    """Differences between abidrift's Layout A and pahole's Layout P for type KEY."""
    probs = []
    if a.size is None:
        probs.append("%s: abidrift shows no size" % key)
    elif p.size is not None and a.size != p.size:
        probs.append("%s: size: abidrift %d, pahole %d" % (key, a.size, p.size))
    an = [m.name for m in a.members]
    pn = [m.name for m in p.members]
    if an != pn:
        probs.append("%s: members: abidrift %s, pahole %s" % (key, an, pn))
    else:
        for ma, mp in zip(a.members, p.members):
            if mp.off is None:
                continue
            if ma.off is None:
                probs.append("%s.%s: abidrift shows no offset" % (key, ma.name))
                continue
            if ma.is_bitfield != mp.is_bitfield:
                probs.append("%s.%s: abidrift %s, pahole %s" % (key, ma.name, ma.describe(), mp.describe()))
            elif ma.is_bitfield and ma.abs_bit != mp.abs_bit:
                probs.append("%s.%s: bit offset: abidrift %s, pahole %s" % (key, ma.name, ma.describe(), mp.describe()))
            elif not ma.is_bitfield and ma.off != mp.off:
                probs.append("%s.%s: offset: abidrift %d, pahole %d" % (key, ma.name, ma.off, mp.off))
            elif ma.size != mp.size:
                probs.append("%s.%s: size: abidrift %d, pahole %d" % (key, ma.name, ma.size, mp.size))
    if a.holes != p.holes:
        probs.append("%s: holes (after member, bytes): abidrift %s, pahole %s" % (key, a.holes, p.holes))
    if a.bit_holes != p.bit_holes:
        probs.append("%s: bit holes (after member, bits): abidrift %s, pahole %s" % (key, a.bit_holes, p.bit_holes))
    if a.kind == "struct":
        ap = a.padding or 0
        pp = p.padding or 0
        if ap != pp:
            probs.append("%s: tail padding: abidrift %d, pahole %d" % (key, ap, pp))
    return probs


def check_object(abidrift, pahole, label, arch, obj):
    rc, out, err = lp.run([abidrift, "show", obj])
    if rc != 0:
        return "FAIL", "abidrift show exit %d: %s" % (rc, (err.strip().splitlines() or [""])[0])
    target, shown = lp.parse_show(out)
    probs = []
    if target != arch:
        probs.append("target line names %r, expected %r" % (target, arch))
    playouts, why = pahole_layouts(pahole, obj)
    if playouts is None:
        if probs:
            return "FAIL", "; ".join(probs) + " (and pahole comparison skipped: %s)" % why
        return "SKIP", why
    amap, adups = index(shown)
    pmap, _ = index(playouts)
    if adups:
        probs.append("abidrift shows more than once: %s" % ", ".join(sorted(adups)))
    for key in sorted(pmap):
        a = amap.get(key)
        if a is None:
            # a typedef'd anonymous aggregate may be listed differently; ask by name
            rc2, out2, _ = lp.run([abidrift, "show", obj, key])
            got = lp.parse_show(out2)[1] if rc2 == 0 else []
            if len(got) != 1:
                probs.append("%s: shown by pahole, not by abidrift" % key)
                continue
            a = got[0]
        probs.extend(compare(key, a, pmap[key]))
    for key in sorted(set(amap) - set(pmap)):
        probs.append("%s: shown by abidrift, not by pahole" % key)
    if probs:
        return "FAIL", "; ".join(probs)
    return "PASS", "%d types" % len(pmap)


def main(argv):
    abidrift, pahole = "./abidrift", "pahole"
    args = []
    i = 0
    while i < len(argv):
        if argv[i] == "--abidrift":
            abidrift = argv[i + 1]
            i += 2
        elif argv[i] == "--pahole":
            pahole = argv[i + 1]
            i += 2
        else:
            args.append(argv[i])
            i += 1
    for spec in args:
        label, arch, obj = spec.split(":", 2)
        status, why = check_object(abidrift, pahole, label, arch, obj)
        if status == "PASS":
            print("PASS pahole %s (%s)" % (label, why), flush=True)
        else:
            print("%s pahole %s: %s" % (status, label, why), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
