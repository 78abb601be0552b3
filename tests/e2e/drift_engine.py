#!/usr/bin/env python3
"""The layout engine against the compilers.

usage: drift_engine.py [--abidrift PATH] --expected JSON --manifest FILE

FILE lists the compiled fixtures, one `label|arch|fixture|object` a line (written by
drift.sh). For each source build (x86_64, x86_64-dw4, i386, aarch64) and each target
T with a real build (label T), `abidrift show --target T SOURCE/F.o` must agree with
`abidrift show T/F.o` on every struct and union of every fixture F: size, alignment,
and each member's offset, absolute bit position (bitfields) and size. The source's
own target is included (retargeting to the same model changes nothing). Types the
expected file lists under engine_exempt are left out, with their reason; a key
"TYPE@SOURCE" exempts TYPE only when predicted from the SOURCE build.

Prints one `PASS engine SOURCE->T ...` or `FAIL engine SOURCE->T: ...` line each.
"""

import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import layoutparse as lp  # noqa: E402

SOURCES = ["x86_64", "x86_64-dw4", "i386", "aarch64"]
ARCHES = ["x86_64", "i386", "aarch64", "arm", "riscv64", "ppc64le", "s390x"]
MAX_SHOWN = 8
DETERMINISM = [0, []]  # predictions made twice, commands whose two outputs differed
# where a type is declared, from the comment on its first line: "/* size 8, align 4, x.h:3 */"
DECL_RE = re.compile(r"/\*\s*size\s+\d+,\s*align\s+\d+,(?:.*,)?\s*([^\s,]+):(\d+)\s*\*/")


def read_manifest(path):
    """{label: {fixture: object}}, {label: arch}"""
    objs, arch_of = {}, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            label, arch, fixture, obj = line.split("|", 3)
            objs.setdefault(label, {})[fixture] = obj
            arch_of[label] = arch
    return objs, arch_of


def first_line(text):
    lines = text.strip().splitlines()
    return lines[0][:300] if lines else ""


def declared_in(lay):
    """The base name of the file LAY is declared in, or None."""
    m = DECL_RE.search(lay.lines[0]) if lay.lines else None
    return os.path.basename(m.group(1)) if m else None


def show(abidrift, obj, header, target=None):
    """(target named on the first line, {key: [Layout]}) or an error string. Only the
    types declared in HEADER are kept: the compilers' own headers differ (gcc's and
    clang's max_align_t), and glibc's reach only the native builds."""
    argv = [abidrift, "show"] + (["--target", target] if target else []) + [obj]
    rc, out, err = lp.run(argv)
    if target:
        # every prediction is made twice: the two must be byte-identical
        rc2, out2, _ = lp.run(argv)
        DETERMINISM[0] += 1
        if (rc2, out2) != (rc, out):
            DETERMINISM[1].append(" ".join(argv))
    if rc != 0:
        return "`%s` exit %d: %s" % (" ".join(argv[1:]), rc, first_line(err))
    named, lays = lp.parse_show(out)
    by_key = {}
    for lay in lays:
        if declared_in(lay) == header:
            by_key.setdefault(lay.key, []).append(lay)
    return named, by_key


def describe_member(m):
    if m.is_bitfield:
        return "bit %d size %d" % (m.abs_bit, m.size)
    return "offset %s size %s" % (m.off, m.size)


def compare(key, pred, real, src, tgt):
    """Differences between the predicted and the real layout of KEY, as strings."""
    probs = []
    if pred.size != real.size:
        probs.append("%s size: predicted %s, %s.o says %s" % (key, pred.size, tgt, real.size))
    if pred.align != real.align:
        probs.append("%s align: predicted %s, %s.o says %s" % (key, pred.align, tgt, real.align))
    pn = [m.name for m in pred.members]
    rn = [m.name for m in real.members]
    if pn != rn:
        probs.append("%s members: predicted %s, %s.o says %s" % (key, pn, tgt, rn))
        return probs
    for pm, rm in zip(pred.members, real.members):
        where = "%s.%s" % (key, pm.name)
        if pm.is_bitfield != rm.is_bitfield:
            probs.append("%s: predicted %s, %s.o says %s" % (where, describe_member(pm), tgt, describe_member(rm)))
        elif rm.is_bitfield:
            if pm.abs_bit != rm.abs_bit:
                probs.append("%s bit: predicted %d, %s.o says %d" % (where, pm.abs_bit, tgt, rm.abs_bit))
        elif pm.off != rm.off:
            probs.append("%s offset: predicted %s, %s.o says %s" % (where, pm.off, tgt, rm.off))
        if pm.size != rm.size:
            probs.append("%s size: predicted %s, %s.o says %s" % (where, pm.size, tgt, rm.size))
    return probs


def main(argv):
    abidrift, expected, manifest = "./abidrift", None, None
    while argv:
        opt = argv.pop(0)
        if opt == "--abidrift":
            abidrift = argv.pop(0)
        elif opt == "--expected":
            expected = argv.pop(0)
        elif opt == "--manifest":
            manifest = argv.pop(0)
        else:
            raise SystemExit("drift_engine.py: unknown argument %s" % opt)
    with open(expected, encoding="utf-8") as f:
        exempt = json.load(f).get("engine_exempt", {})
    objs, arch_of = read_manifest(manifest)

    real_cache = {}
    for src in SOURCES:
        if src not in objs:
            print("SKIP engine %s->*: no %s build" % (src, src), flush=True)
            continue
        for tgt in ARCHES:
            if tgt not in objs:
                print("SKIP engine %s->%s: no %s build to compare with" % (src, tgt, tgt), flush=True)
                continue
            probs, ntypes, nfix, skipped, repro = [], 0, 0, set(), None
            for fixture in sorted(objs[src]):
                before = len(probs)
                if fixture not in objs[tgt]:
                    continue
                nfix += 1
                if (tgt, fixture) not in real_cache:
                    real_cache[(tgt, fixture)] = show(abidrift, objs[tgt][fixture], fixture + ".h")
                real = real_cache[(tgt, fixture)]
                if isinstance(real, str):
                    probs.append(real)
                    continue
                pred = show(abidrift, objs[src][fixture], fixture + ".h", tgt)
                if isinstance(pred, str):
                    probs.append(pred)
                    continue
                named, pred = pred
                if named != tgt:
                    probs.append("%s: show --target %s names the target '%s'" % (fixture, tgt, named))
                for key in sorted(set(real[1]) | set(pred), key=str):
                    if key in exempt or ("%s@%s" % (key, src)) in exempt:
                        skipped.add(key)
                        continue
                    r, p = real[1].get(key, []), pred.get(key, [])
                    if len(r) != len(p):
                        probs.append("%s: %d definition(s) predicted, %d in %s.o" % (key, len(p), len(r), tgt))
                        continue
                    for pl, rl in zip(p, r):
                        ntypes += 1
                        probs.extend(compare(key, pl, rl, src, tgt))
                if len(probs) > before and repro is None:
                    repro = "%s show --target %s %s; %s show %s" % (
                        abidrift, tgt, objs[src][fixture], abidrift, objs[tgt][fixture])
            name = "engine %s->%s" % (src, tgt)
            if probs:
                more = len(probs) - MAX_SHOWN
                msg = "; ".join(probs[:MAX_SHOWN]) + ("; ... %d more" % more if more > 0 else "")
                print("FAIL %s: %s (compare: %s)" % (name, msg, repro), flush=True)
            else:
                note = "%d types of %d fixtures agree" % (ntypes, nfix)
                if skipped:
                    note += "; exempt: %s" % ", ".join(sorted(skipped))
                print("PASS %s (%s)" % (name, note), flush=True)
    n, bad = DETERMINISM
    if bad:
        print("FAIL determinism show --target: %d of %d outputs differ between two runs: %s"
              % (len(bad), n, "; ".join(bad[:3])), flush=True)
    elif n:
        print("PASS determinism show --target (%d reports, each made twice, byte-identical)" % n, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
