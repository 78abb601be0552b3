#!/usr/bin/env python3
# Enumerator values, sizes and signedness from `abidrift dump` against the values the
# fixture's source states. Usage: enum_expect.py ABIDRIFT LABEL OBJECT
import json
import subprocess
import sys

# name -> (size on every target, signed, [(enumerator, value)])
EXPECT = {
    "en_neg": (4, True, [("EN_NEG_MIN", -2**31), ("EN_NEG_ONE", -1), ("EN_NEG_ZERO", 0),
                         ("EN_NEG_MAX", 2**31 - 1)]),
    "en_u64": (8, False, [("EN_U64_SMALL", 1), ("EN_U64_BIG", 2**64 - 1)]),
    "en_s64": (8, True, [("EN_S64_MIN", -2**63), ("EN_S64_POS", 2**32)]),
    "en_packed": (1, False, [("EN_PK_A", 0), ("EN_PK_B", 200)]),
    "en_packed_neg": (1, True, [("EN_PKN_A", -100), ("EN_PKN_B", 100)]),
    "en_packed_16": (2, False, [("EN_PK16_A", 300)]),
}


def main():
    abidrift, label, obj = sys.argv[1:4]
    out = subprocess.run([abidrift, "dump", obj], capture_output=True, text=True)
    if out.returncode != 0:
        print(f"FAIL enums {label}: dump exited {out.returncode}: {out.stderr.strip()}")
        return
    types = json.loads(out.stdout)["types"]
    seen = {}
    for rec in types.values():
        if rec["kind"] == "enum" and rec.get("name") in EXPECT:
            vals = [(e["name"], int(e["value"])) for e in rec["enumerators"]]
            seen[rec["name"]] = (rec["size"], rec["signed"], vals)
    bad = []
    for name, want in EXPECT.items():
        got = seen.get(name)
        if got is None:
            bad.append(f"enum {name} missing")
        elif got != want:
            bad.append(f"enum {name}: got {got}, expected {want}")
    if bad:
        print(f"FAIL enums {label}: " + "; ".join(bad))
    else:
        print(f"PASS enums {label} ({len(EXPECT)} enums, values, sizes, signedness)")


main()
