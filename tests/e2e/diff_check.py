#!/usr/bin/env python3
"""Checks of `abidrift diff` over the cases that diff.sh built.

Usage: diff_check.py --abidrift A --cases DIR --build TMP [--jobs N] LABEL:ARCH... -- CASE...

TMP/LABEL/CASE/v1.so and v2.so are one case built by one variant. The first variant
named gcc-x86_64-dw5 is the reference: its reports must equal expected.json. Prints
`PASS name`, `FAIL name: reason` or `SKIP name: reason` lines.
"""
import argparse
import concurrent.futures
import json
import os
import pty
import select
import shutil
import subprocess
import sys

REFERENCE = "gcc-x86_64-dw5"
STATUS = {"none": 0, "compatible": 4, "breaking": 12}


class Ctx:
    def __init__(self, args):
        self.abidrift = args.abidrift
        self.cases_dir = args.cases
        self.build = args.build
        self.jobs = args.jobs
        self.variants = [v.split(":", 1) for v in args.variants]
        self.cases = args.case_names


def run(ctx, args, env=None, cwd=None):
    """Runs abidrift; returns (status, stdout, stderr) with bytes outputs."""
    full_env = dict(os.environ)
    full_env.pop("NO_COLOR", None)
    if env:
        full_env.update(env)
    try:
        p = subprocess.run([ctx.abidrift] + args, stdin=subprocess.DEVNULL, capture_output=True,
                           env=full_env, cwd=cwd, timeout=120)
    except subprocess.TimeoutExpired:
        return -1, b"", b"timed out after 120 s"
    return p.returncode, p.stdout, p.stderr


def run_tty(ctx, args, env):
    """Runs abidrift with standard output on a pseudo-terminal; returns (status, output)."""
    full_env = dict(os.environ)
    full_env.pop("NO_COLOR", None)
    full_env.setdefault("TERM", "xterm")
    full_env.update(env)
    master, slave = pty.openpty()
    try:
        p = subprocess.Popen([ctx.abidrift] + args, stdin=subprocess.DEVNULL, stdout=slave,
                             stderr=subprocess.DEVNULL, env=full_env)
    finally:
        os.close(slave)
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            p.kill()
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return p.wait(), out


def first(text, limit=300):
    line = text.decode(errors="replace").strip().split("\n")[0] if text else ""
    return line[:limit]


def parse(out):
    try:
        return json.loads(out), None
    except ValueError as e:
        return None, f"not JSON ({e}): {first(out)}"


def normalized(report):
    """The report without what depends on where the inputs live."""
    r = json.loads(json.dumps(report))
    r.pop("tool", None)
    for side in ("old", "new"):
        if isinstance(r.get(side), dict):
            r[side].pop("path", None)
    return r


def fill_wildcards(expected, got):
    """An expected note "*" stands for whatever note the tool wrote at that place."""
    e = json.loads(json.dumps(expected))
    for key in ("changes", "suppressed"):
        for ec, gc in zip(e.get(key, []), got.get(key, []) if isinstance(got, dict) else []):
            if ec.get("note") == "*" and isinstance(gc, dict) and isinstance(gc.get("note"), str) \
                    and gc["note"]:
                ec["note"] = gc["note"]
    return e


def brief(change):
    if not isinstance(change, dict):
        return repr(change)
    keys = ("kind", "severity", "path", "old", "new", "file", "line", "symbols", "note")
    return "{" + ", ".join(f"{k}={change[k]!r}" for k in keys if k in change) + "}"


def explain(expected, got):
    """A short description of how two reports differ."""
    out = []
    for key in sorted(set(expected) | set(got)):
        if key in ("changes", "suppressed"):
            continue
        if expected.get(key) != got.get(key):
            out.append(f"{key}: expected {json.dumps(expected.get(key))}, "
                       f"got {json.dumps(got.get(key))}")
    for key in ("changes", "suppressed"):
        e, g = expected.get(key, []), got.get(key, [])
        if e == g:
            continue
        if not isinstance(g, list):
            out.append(f"{key}: got {json.dumps(g)}")
            continue
        missing = [c for c in e if c not in g]
        extra = [c for c in g if c not in e]
        if not missing and not extra:
            out.append(f"{key}: same entries, other order: got "
                       + ", ".join(f"{c.get('kind')} {c.get('path')}" for c in g))
            continue
        for c in missing:
            out.append(f"{key}: expected {brief(c)}")
        for c in extra:
            out.append(f"{key}: got {brief(c)}")
    return "; ".join(out) if out else "reports differ"


def summary(report):
    return [(c.get("kind"), c.get("severity"), c.get("path"), tuple(c.get("symbols", [])))
            for c in report.get("changes", [])]


def canonical(out, obj):
    return out == (json.dumps(obj, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def case_arches(ctx, case):
    try:
        with open(os.path.join(ctx.cases_dir, case, "arches")) as f:
            return f.read().split()
    except OSError:
        return None


class Result:
    def __init__(self):
        self.lines = []
        self.nondeterministic = []
        self.reports = 0

    def ok(self, name, detail=""):
        self.lines.append(f"PASS {name}" + (f" ({detail})" if detail else ""))

    def bad(self, name, why):
        self.lines.append(f"FAIL {name}: {why}")

    def skip(self, name, why):
        self.lines.append(f"SKIP {name}: {why}")


def twice(ctx, res, args, env=None):
    """Runs a report twice; the second must be byte-identical to the first."""
    a = run(ctx, args, env)
    if a[0] not in (0, 4, 12):
        return a  # a failure is reported by the caller; not a report to repeat
    b = run(ctx, args, env)
    res.reports += 1
    if a != b:
        res.nondeterministic.append(" ".join(os.path.basename(x) for x in args))
    return a


def check_case(ctx, label, arch, case):
    res = Result()
    name = f"{label}/{case}"
    d = os.path.join(ctx.build, label, case)
    so1, so2 = os.path.join(d, "v1.so"), os.path.join(d, "v2.so")
    if not (os.path.exists(so1) and os.path.exists(so2)):
        return res  # the compile failure is reported already
    arches = case_arches(ctx, case)
    if arches is not None and arch not in arches:
        res.skip(f"diff {name}", f"the case applies to {' '.join(arches)} only")
        return res
    with open(os.path.join(ctx.cases_dir, case, "expected.json")) as f:
        expected = json.load(f)
    want_status = expected.get("exit_status")
    reference = label == REFERENCE

    # (a), (b) and (g): the JSON report, twice.
    status, out, err = twice(ctx, res, ["diff", "--format", "json", so1, so2])
    report, why = parse(out)
    if status not in (0, 4, 12):
        res.bad(f"diff {name}", f"exit {status}, expected {want_status}: {first(err)}")
        return res
    if report is None:
        res.bad(f"diff {name}", why)
        return res
    problems = []
    if status != want_status:
        problems.append(f"exit {status}, expected {want_status}")
    if report.get("exit_status") != status:
        problems.append(f"exit_status {report.get('exit_status')} but the exit status is {status}")
    if reference:
        got = normalized(report)
        want = fill_wildcards(expected, got)
        if got != want:
            problems.append(explain(want, got))
        if not canonical(out, report):
            problems.append("not canonical JSON (sorted keys, indent 1, final newline)")
        for side, path in (("old", so1), ("new", so2)):
            if (report.get(side) or {}).get("path") != path:
                problems.append(f"{side}.path is {json.dumps((report.get(side) or {}).get('path'))}, "
                                f"expected {path}")
    else:
        if summary(report) != summary(expected):
            problems.append(explain({"changes": [dict(zip(("kind", "severity", "path", "symbols"),
                                                          (k, s, p, list(y))))
                                                 for k, s, p, y in summary(expected)]},
                                    {"changes": [dict(zip(("kind", "severity", "path", "symbols"),
                                                          (k, s, p, list(y))))
                                                 for k, s, p, y in summary(report)]}))
    if problems:
        res.bad(f"diff {name}", "; ".join(problems))
    else:
        n = len(report.get("changes", []))
        res.ok(f"diff {name}", f"exit {status}, {n} change{'s' * (n != 1)}"
               + (", equal to expected.json" if reference else ""))

    # (c): baselines on either side give the same report.
    base = normalized(report)
    j1, j2 = os.path.join(d, "v1.json"), os.path.join(d, "v2.json")
    dumped = True
    for so, j in ((so1, j1), (so2, j2)):
        s, o, e = run(ctx, ["dump", so])
        if s != 0:
            res.bad(f"baseline {name}", f"abidrift dump {so}: exit {s}: {first(e)}")
            dumped = False
            break
        with open(j, "wb") as f:
            f.write(o)
    if dumped:
        problems = []
        for a, b in ((j1, so2), (so1, j2), (j1, j2)):
            s, o, e = twice(ctx, res, ["diff", "--format", "json", a, b])
            r, why = parse(o)
            label_ab = f"{os.path.basename(a)} {os.path.basename(b)}"
            if r is None:
                problems.append(f"{label_ab}: exit {s}: {why or first(e)}")
            elif s != status or normalized(r) != base:
                problems.append(f"{label_ab}: exit {s}"
                                + (f"; {explain(base, normalized(r))}" if normalized(r) != base else ""))
        if problems:
            res.bad(f"baseline {name}", "; ".join(problems))
        else:
            res.ok(f"baseline {name}", "v1.json v2.so, v1.so v2.json, v1.json v2.json")

    if reference:
        check_text(ctx, res, name, so1, so2, status, report)
        check_output(ctx, res, name, d, so1, so2, out)
    return res


def check_text(ctx, res, name, so1, so2, status, report):
    """(d): the text report: same status, empty exactly when nothing changed, no colour."""
    changed = bool(report.get("changes"))
    problems = []
    s, out, err = twice(ctx, res, ["diff", so1, so2])
    s2, out2, _ = run(ctx, ["diff", "--format", "text", so1, so2])
    s3, out3, _ = run(ctx, ["diff", so1, so2], env={"NO_COLOR": "1"})
    if s != status:
        problems.append(f"exit {s}, the JSON report's {status}: {first(err)}")
    if bool(out.strip()) != changed:
        problems.append("empty output with changes" if changed else
                        f"output without changes: {first(out)}")
    if (s2, out2) != (s, out):
        problems.append("--format text differs from the default format")
    if b"\x1b" in out:
        problems.append("ANSI escapes when standard output is not a terminal")
    if (s3, out3) != (s, out):
        problems.append("NO_COLOR=1 changes the output on a pipe")
    ts, tout = run_tty(ctx, ["diff", so1, so2], {"NO_COLOR": "1"})
    if ts != status:
        problems.append(f"on a terminal with NO_COLOR=1: exit {ts}")
    if b"\x1b" in tout:
        problems.append("ANSI escapes on a terminal with NO_COLOR=1")
    if problems:
        res.bad(f"text {name}", "; ".join(problems))
    else:
        res.ok(f"text {name}", f"{len(out.splitlines())} lines" if changed else "empty")


def check_output(ctx, res, name, d, so1, so2, json_out):
    """(e): --output FILE writes what standard output would get."""
    problems = []
    for fmt in ("json", "text"):
        path = os.path.join(d, f"report.{fmt}")
        s0, want, _ = run(ctx, ["diff", "--format", fmt, so1, so2])
        s, out, err = run(ctx, ["diff", "--format", fmt, "--output", path, so1, so2])
        try:
            with open(path, "rb") as f:
                got = f.read()
        except OSError as e:
            problems.append(f"--format {fmt} --output: exit {s}, no file ({e.strerror}): {first(err)}")
            continue
        if s != s0:
            problems.append(f"--format {fmt} --output: exit {s}, {s0} without")
        if got != want:
            problems.append(f"--format {fmt}: the file differs from standard output")
        if out:
            problems.append(f"--format {fmt} --output also writes to standard output")
    if problems:
        res.bad(f"output {name}", "; ".join(problems))
    else:
        res.ok(f"output {name}", "json and text")


# ---------------------------------------------------------------------------------
# (f) errors and usage.

def check_errors(ctx):
    res = Result()
    labels = [label for label, _ in ctx.variants]
    arch_of = dict(ctx.variants)
    ref = REFERENCE if REFERENCE in labels else None
    if ref is None:
        res.skip("errors", f"no {REFERENCE} build")
        return res
    edir = os.path.join(ctx.build, "errors")
    os.makedirs(edir, exist_ok=True)

    def so(label, case, n):
        p = os.path.join(ctx.build, label, case, f"{n}.so")
        return p if os.path.exists(p) else None

    def expect_error(name, args, words, status=1):
        s, out, err = run(ctx, args)
        msg = first(err)
        text = err.decode(errors="replace")
        missing = [w for w in words if w not in text]
        if s != status:
            res.bad(name, f"abidrift {' '.join(args)}: exit {s}, expected {status} ({msg})")
        elif not err.strip():
            res.bad(name, "nothing on standard error")
        elif "unknown command" in text:
            res.bad(name, f"abidrift has no diff command: {msg}")
        elif missing:
            res.bad(name, f"the message does not mention {', '.join(repr(w) for w in missing)}: "
                    f"'{text.strip()[:300]}'")
        else:
            res.ok(name, msg)

    case = "symbol_removed"
    v1, v2 = so(ref, case, "v1"), so(ref, case, "v2")
    if not (v1 and v2):
        res.skip("errors", f"{ref}/{case} was not built")
        return res

    # Different targets.
    other = next((label for label in labels if arch_of[label] != "x86_64" and so(label, case, "v2")),
                 None)
    if other:
        expect_error(f"error-targets {ref}-vs-{other}", ["diff", v1, so(other, case, "v2")],
                     ["abidrift drift"])
    else:
        res.skip("error-targets", "no build for a target other than x86_64")

    # One side without DWARF.
    strip = shutil.which("strip")
    if strip is None:
        res.skip("error-stripped", "no strip")
    else:
        stripped = {}
        for c in ("symbol_removed", "member_type"):
            for n in ("v1", "v2"):
                src = so(ref, c, n)
                dst = os.path.join(edir, f"{c}-{n}-stripped.so")
                if src and subprocess.run([strip, "-g", "-o", dst, src]).returncode == 0:
                    stripped[c, n] = dst
        if ("symbol_removed", "v2") in stripped and ("symbol_removed", "v1") in stripped:
            s2 = stripped["symbol_removed", "v2"]
            s1 = stripped["symbol_removed", "v1"]
            expect_error("error-stripped-new", ["diff", v1, s2], [s2])
            expect_error("error-stripped-old", ["diff", s1, v2], [s1])
            for args, what in ((["diff", "--symbols-only", "--format", "json", v1, s2], "new"),
                               (["diff", "--symbols-only", "--format", "json", s1, v2], "old"),
                               (["diff", "--symbols-only", "--format", "json", v1, v2], "neither")):
                s, out, err = run(ctx, args)
                r, why = parse(out)
                name = f"symbols-only stripped-{what}"
                want = [("symbol_removed", "breaking", "sr_gone", ("sr_gone",)),
                        ("symbol_removed", "breaking", "sr_gone_var", ("sr_gone_var",))]
                if s != 12 or r is None:
                    res.bad(name, f"exit {s}, expected 12: {why or first(err)}")
                elif summary(r) != want:
                    res.bad(name, f"changes {summary(r)}, expected {want}")
                else:
                    res.ok(name, "exit 12, the two removed symbols")
        else:
            res.skip("error-stripped", "strip -g failed")
        mt1, mt2 = so(ref, "member_type", "v1"), stripped.get(("member_type", "v2"))
        if mt1 and mt2:
            s, out, err = run(ctx, ["diff", "--symbols-only", "--format", "json", mt1, mt2])
            r, why = parse(out)
            if s != 0 or r is None or r.get("changes") != []:
                res.bad("symbols-only type-change", f"member_type with v2 stripped: exit {s}, "
                        f"expected 0 and no change: {why or first(err) or summary(r)}")
            else:
                res.ok("symbols-only type-change", "a type change is not a symbol change: exit 0")

    missing = os.path.join(edir, "no-such-file.so")
    expect_error("error-missing-file", ["diff", v1, missing], [missing])

    # Usage errors.
    for name, args in (("no-inputs", ["diff"]),
                       ("missing-new", ["diff", v1]),
                       ("three-inputs", ["diff", v1, v2, v2]),
                       ("unknown-option", ["diff", "--no-such-option", v1, v2]),
                       ("bad-format", ["diff", "--format", "xml", v1, v2]),
                       ("format-without-value", ["diff", v1, v2, "--format"])):
        expect_error(f"usage-diff-{name}", args, [], status=2)
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--abidrift", required=True)
    ap.add_argument("--cases", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("variants", nargs="*", help="LABEL:ARCH")
    argv = sys.argv[1:]
    i = argv.index("--") if "--" in argv else len(argv)
    args = ap.parse_args(argv[:i])
    args.case_names = argv[i + 1:]
    ctx = Ctx(args)

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, ctx.jobs)) as pool:
        futures = {(label, case): pool.submit(check_case, ctx, label, arch, case)
                   for label, arch in ctx.variants for case in ctx.cases}
        errors = pool.submit(check_errors, ctx)
        for label, _ in ctx.variants:
            bad, n = [], 0
            for case in ctx.cases:
                r = futures[label, case].result()
                for line in r.lines:
                    print(line, flush=True)
                bad += r.nondeterministic
                n += r.reports
            if n == 0:
                continue
            if bad:
                print(f"FAIL determinism {label}: output differs between two runs of: "
                      + "; ".join(bad[:10]), flush=True)
            else:
                print(f"PASS determinism {label} ({n} reports run twice, byte-identical)", flush=True)
        for line in errors.result().lines:
            print(line, flush=True)


main()
