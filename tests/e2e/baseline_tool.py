#!/usr/bin/env python3
"""Baseline JSON helpers for tests/e2e/run.sh (format: man/abidrift-baseline.5).

  baseline_tool.py libsyms BASELINE
      check the dump of testdata/lib: exactly the exported symbols, with versions
  baseline_tool.py typeset A.json B.json LINKED.json
      the linked object's types are the union of the two CUs' types, and the types
      both CUs share have one fingerprint
  baseline_tool.py stats STDERR
      `--stats` output has every key and types < types_raw
  baseline_tool.py mutate version99|dangling IN OUT
      write a broken copy of a baseline

The checks print nothing and exit 0 on success, or print one line of reasons and
exit 1.
"""

import json
import sys

# name, version, default_version, kind, binding, visibility, parameter count (or None)
LIB_SYMBOLS = [
    ("fix_counter", "LIBFIX_1.0", True, "variable", "global", "default", None),
    ("fix_current", "LIBFIX_1.0", True, "variable", "global", "default", None),
    ("fix_init", "LIBFIX_1.0", True, "function", "global", "default", 1),
    ("fix_lookup", "LIBFIX_1.0", False, "function", "global", "default", 1),
    ("fix_lookup", "LIBFIX_2.0", True, "function", "global", "default", 2),
    ("fix_protected", "LIBFIX_2.0", True, "function", "global", "protected", 1),
    ("fix_stats", "LIBFIX_2.0", True, "function", "global", "default", 1),
    ("fix_weak_hook", "LIBFIX_2.0", True, "function", "weak", "default", 1),
]
LIB_SIZES = {"fix_counter": 4, "fix_current": 32}


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def fail(msg):
    print(msg)
    return 1


def func_proto(types, ref):
    """The func_proto record a function symbol's type leads to, or None."""
    seen = set()
    while ref in types and ref not in seen:
        seen.add(ref)
        rec = types[ref]
        if rec.get("kind") == "func_proto":
            return rec
        if rec.get("kind") in ("func", "typedef"):
            ref = rec.get("type")
            continue
        return None
    return None


def libsyms(path):
    doc = load(path)
    probs = []
    if doc.get("file_kind") != "shared":
        probs.append("file_kind %r, expected 'shared'" % doc.get("file_kind"))
    if doc.get("soname") != "libfix.so.1":
        probs.append("soname %r, expected 'libfix.so.1'" % doc.get("soname"))
    types = doc.get("types", {})
    syms = doc.get("symbols", [])
    got = {}
    for s in syms:
        key = (s.get("name"), s.get("version"))
        if key in got:
            probs.append("symbol %s@%s listed twice" % key)
        got[key] = s
    want = {(n, v): rest for n, v, *rest in LIB_SYMBOLS}
    extra = sorted(set(got) - set(want), key=str)
    missing = sorted(set(want) - set(got), key=str)
    if extra:
        probs.append("not exported, but listed: %s" % ", ".join("%s@%s" % k for k in extra))
    if missing:
        probs.append("exported, but missing: %s" % ", ".join("%s@%s" % k for k in missing))
    for key in sorted(set(got) & set(want)):
        s = got[key]
        dflt, kind, binding, vis, nparams = want[key]
        where = "%s@%s%s" % (key[0], "@" if dflt else "", key[1])
        for field, value in (("default_version", dflt), ("kind", kind), ("binding", binding),
                             ("visibility", vis)):
            if s.get(field) != value:
                probs.append("%s: %s is %r, expected %r" % (where, field, s.get(field), value))
        if key[0] in LIB_SIZES and s.get("size") != LIB_SIZES[key[0]]:
            probs.append("%s: size %r, expected %d" % (where, s.get("size"), LIB_SIZES[key[0]]))
        ref = s.get("type")
        if ref is None:
            probs.append("%s: has no type" % where)
            continue
        if ref not in types:
            probs.append("%s: type %s is not in types" % (where, ref))
            continue
        if nparams is not None:
            proto = func_proto(types, ref)
            if proto is None:
                probs.append("%s: type %s (%s) is not a function type" % (where, ref, types[ref].get("kind")))
            elif len(proto.get("params", [])) != nparams:
                probs.append("%s: %d parameters, expected %d" % (where, len(proto.get("params", [])), nparams))
    if probs:
        return fail("; ".join(probs))
    return 0


def named(types):
    """{(kind, name): fingerprint} for the named types of a baseline."""
    out = {}
    for fp, rec in types.items():
        if rec.get("name"):
            out.setdefault((rec.get("kind"), rec["name"]), set()).add(fp)
    return out


def typeset(a_path, b_path, linked_path):
    a, b, linked = (load(p).get("types", {}) for p in (a_path, b_path, linked_path))
    probs = []
    union = set(a) | set(b)
    if set(linked) != union:
        only_l = sorted(set(linked) - union)
        only_u = sorted(union - set(linked))
        probs.append("linked object's types differ from the two CUs' together: %d only linked %s, %d only in CUs %s" % (
            len(only_l), [linked[k].get("name", linked[k].get("kind")) for k in only_l][:8],
            len(only_u), [(a.get(k) or b.get(k)).get("name", (a.get(k) or b.get(k)).get("kind")) for k in only_u][:8]))
    na, nb = named(a), named(b)
    for key in sorted(set(na) & set(nb)):
        if na[key] != nb[key]:
            probs.append("%s %s: fingerprints differ between the CUs: %s vs %s" % (key[0], key[1], sorted(na[key]), sorted(nb[key])))
    nl = named(linked)
    for key, fps in sorted(nl.items()):
        if len(fps) > 1:
            probs.append("%s %s: %d records in the linked object" % (key[0], key[1], len(fps)))
    shared = ("struct", "dd_item")
    if shared not in na or shared not in nb:
        probs.append("struct dd_item is missing from a CU's dump")
    if probs:
        return fail("; ".join(probs))
    return 0


def stats(path):
    vals = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if ":" in line:
                k, _, v = line.partition(":")
                try:
                    vals[k.strip()] = int(v.strip())
                except ValueError:
                    pass
    missing = [k for k in ("cus", "dies", "types_raw", "types", "symbols") if k not in vals]
    if missing:
        return fail("--stats lacks %s (got %s)" % (", ".join(missing), vals))
    if vals["cus"] != 2:
        return fail("--stats: cus %d, expected 2" % vals["cus"])
    if not vals["types"] < vals["types_raw"]:
        return fail("--stats: types %d not below types_raw %d" % (vals["types"], vals["types_raw"]))
    return 0


def mutate(how, src, dst):
    doc = load(src)
    if how == "version99":
        doc["abidrift"] = 99
    elif how == "dangling":
        types = doc["types"]
        missing = "0123456789abcdef"
        while missing in types:
            missing = "%016x" % (int(missing, 16) + 1)
        done = False
        for fp in sorted(types):
            rec = types[fp]
            for m in rec.get("members", []):
                if m.get("type") in types:
                    m["type"] = missing
                    done = True
                    break
            if done:
                break
        if not done:
            return fail("no struct member to redirect in %s" % src)
    else:
        return fail("unknown mutation %s" % how)
    with open(dst, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
        f.write("\n")
    return 0


def main(argv):
    if argv[:1] == ["libsyms"] and len(argv) == 2:
        return libsyms(argv[1])
    if argv[:1] == ["typeset"] and len(argv) == 4:
        return typeset(*argv[1:])
    if argv[:1] == ["stats"] and len(argv) == 2:
        return stats(argv[1])
    if argv[:1] == ["mutate"] and len(argv) == 4:
        return mutate(*argv[1:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
