#!/usr/bin/env python3
"""abidrift drift, header probes and abidrift lint against testdata/drift/expected.json.

usage: drift_check.py [--abidrift PATH] --fixtures DIR --manifest FILE --work DIR

FILE lists the compiled fixtures, one `label|arch|fixture|object` a line (written by
drift.sh); DIR/expected.json says what each comparison must find (see its "about").
WORK is an empty scratch directory (created). Prints `PASS name`, `FAIL name: reason`
or `SKIP name: reason` lines; the caller counts them.

The checks:
  drift F A,B           drift --format json A/F.o B/F.o against expected.json: the
                        drifting types exactly, their causes, first member, layouts
                        (size and alignment proven by F.c), file and line, warnings,
                        counts, verdict and exit status; text output agrees.
  drift-all F           all seven targets at once, objects and headers: layouts as F.c
                        states them, and every type whose stated layout varies is there.
  header F A,B          drift --arch A,B F.h reports what the objects do; the probe
                        leaves nothing in TMPDIR, the working directory or the fixtures.
  baseline-input        drift on baselines (abidrift dump) reports what the objects do.
  probe-*               -I, -D, --include and --cc; a header that does not compile.
  lint F ARCH           lint --format json ARCH/F.o: required and forbidden findings.
  lint-predicts F A,B   lint (one build, default targets) has a layout-differs finding
                        for every type drift finds between the real A and B builds.
  lint-*                --target, --rules, --types, headers, exit status.
  determinism ...       every report made twice is byte-identical.
"""

import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import layout_expect  # noqa: E402  (read_checks: the CHECK_* lines of a fixture)
import layoutparse as lp  # noqa: E402

ARCHES = layout_expect.ARCHES  # x86_64 i386 aarch64 arm riscv64 ppc64le s390x
CAUSES = {"pointer_width", "long_width", "int64_alignment", "enum_size", "padding", "bitfield_layout", "nested"}
RULES = ["implicit-padding", "arch-dependent-type", "misaligned-int64", "layout-differs"]
EXIT_CHANGE = 12
MAX_SHOWN = 8


def first_line(text):
    lines = (text or "").strip().splitlines()
    return lines[0][:300] if lines else ""


def shq(argv):
    out = []
    for a in argv:
        if re.fullmatch(r"[\w@%+=:,./-]+", a):
            out.append(a)
        else:
            out.append("'" + a.replace("'", "'\\''") + "'")
    return " ".join(out)


def join(probs):
    more = len(probs) - MAX_SHOWN
    return "; ".join(probs[:MAX_SHOWN]) + ("; ... %d more" % more if more > 0 else "")


class Sorted:
    """JSON object hook that records objects whose keys are not in sorted order."""

    def __init__(self):
        self.unsorted = []

    def __call__(self, pairs):
        keys = [k for k, _ in pairs]
        if keys != sorted(keys):
            self.unsorted.append(keys)
        return dict(pairs)


def parse_report(text):
    """(object, problems) from a JSON report; object is None if it does not parse."""
    hook = Sorted()
    try:
        obj = json.loads(text, object_pairs_hook=hook)
    except ValueError as e:
        return None, ["not JSON (%s): %s" % (e, first_line(text))]
    probs = ["keys not sorted: %s" % k for k in hook.unsorted[:2]]
    if not isinstance(obj, dict):
        return None, ["not a JSON object"]
    return obj, probs


class Checker:
    def __init__(self, abidrift, fixtures, manifest, work):
        self.abidrift = abidrift
        self.fixtures = fixtures
        self.work = work
        os.makedirs(work, exist_ok=True)
        with open(os.path.join(fixtures, "expected.json"), encoding="utf-8") as f:
            self.expected = json.load(f)["fixtures"]
        self.objs, self.arch_of = {}, {}
        with open(manifest, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if line:
                    label, arch, fixture, obj = line.split("|", 3)
                    self.objs.setdefault(label, {})[fixture] = obj
                    self.arch_of[label] = arch
        self.det = {}  # kind -> [number of reports, [commands that differed]]
        self.drift_reports = {}  # (fixture, "A,B") -> report object from the objects
        self.checks = {}  # fixture -> {type: {"SIZE": [7], "ALIGN": [7], ...}}
        self.counter = 0

    # -- output ----------------------------------------------------------------------

    def result(self, name, probs, note="", repro=None):
        if probs:
            msg = join(probs)
            if repro:
                msg += " (repeat: %s)" % repro
            print("FAIL %s: %s" % (name, msg), flush=True)
        else:
            print("PASS %s%s" % (name, " (%s)" % note if note else ""), flush=True)

    def skip(self, name, why):
        print("SKIP %s: %s" % (name, why), flush=True)

    # -- running ---------------------------------------------------------------------

    def run(self, args, env=None, cwd=None, timeout=120):
        argv = [self.abidrift] + args
        e = dict(os.environ)
        if env:
            e.update(env)
        try:
            p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e, cwd=cwd, timeout=timeout)
        except (OSError, subprocess.TimeoutExpired) as ex:
            return -1, "", str(ex)
        err = p.stderr.decode("utf-8", "replace")
        if p.returncode < 0:
            err = "killed by signal %d (%s)%s" % (-p.returncode, signal.Signals(-p.returncode).name,
                                                  "; stderr: " + err if err.strip() else "")
        return p.returncode, p.stdout.decode("utf-8", "replace"), err

    def run_twice(self, kind, args, env=None, cwd=None):
        """Runs ARGS twice; records whether the two outputs are byte-identical."""
        r1 = self.run(args, env, cwd)
        r2 = self.run(args, env, cwd)
        d = self.det.setdefault(kind, [0, []])
        d[0] += 1
        if r1[0] != r2[0] or r1[1] != r2[1]:
            d[1].append(shq([self.abidrift] + args))
        return r1

    def supported(self, command, args):
        """False (and a FAIL) when abidrift does not know COMMAND or ARGS[0]."""
        rc, out, err = self.run([command] + args)
        low = err.lower()
        if "unknown command" in low or ("unknown option" in low and args and args[0] in err) or \
                ("unrecognized option" in low and args and args[0] in err):
            return False, "abidrift %s: %s" % (shq([command] + args), first_line(err))
        return True, None

    def scratch(self, name):
        self.counter += 1
        d = os.path.join(self.work, "%s.%d" % (name, self.counter))
        os.makedirs(d)
        return d

    def foreign(self, item):
        """Is a reported type or finding declared in the compiler's own headers (an
        absolute path outside testdata/drift: max_align_t from <stddef.h>)? Objects carry
        those types too; the fixtures' expectations leave them out."""
        f = item.get("file") if isinstance(item, dict) else None
        return isinstance(f, str) and f.startswith("/") and not f.startswith(self.fixtures + "/")

    def obj(self, label, fixture):
        return self.objs.get(label, {}).get(fixture)

    def header(self, fixture):
        return os.path.join(self.fixtures, fixture + ".h")

    # -- expectations ------------------------------------------------------------------

    def stated(self, fixture):
        """{type: {"SIZE": [7 values], "ALIGN": [...], "OFFSET member": [...]}} from F.c."""
        if fixture not in self.checks:
            by_type = {}
            src = os.path.join(self.fixtures, fixture + ".c")
            checks = layout_expect.read_checks(src) if os.path.exists(src) else []
            for what, typ, member, vals in checks:
                key = what + (" " + member if member else "")
                by_type.setdefault(typ, {})[key] = vals
            self.checks[fixture] = by_type
        return self.checks[fixture]

    def stated_layout(self, fixture, label, typ):
        """(size, align) that FIXTURE states for TYPE on build LABEL, or None."""
        extra = self.expected.get(fixture, {}).get("layouts", {}).get(label)
        if extra is not None:
            v = extra.get(typ)
            return tuple(v) if v else None
        if label.endswith("-short-enums"):
            return None
        arch = self.arch_of.get(label, label)
        st = self.stated(fixture).get(typ)
        if not st or "SIZE" not in st or "ALIGN" not in st or arch not in ARCHES:
            return None
        i = ARCHES.index(arch)
        return st["SIZE"][i], st["ALIGN"][i]

    def decl_line(self, fixture, typ):
        """The line of FIXTURE's header where TYPE is declared, or None."""
        path = self.header(fixture)
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        m = re.fullmatch(r"(struct|union|enum) (\w+)", typ)
        if m:
            pat = re.compile(r"^\s*(typedef\s+)?%s\s+(__attribute__\(\(.*?\)\)\s*)?%s\b" % (m.group(1), m.group(2)))
            for i, line in enumerate(lines):
                if pat.search(line):
                    return i + 1
            return None
        end = re.compile(r"^\}\s*(__attribute__\(\(.*?\)\)\s*)?%s\s*;" % re.escape(typ))
        for i, line in enumerate(lines):
            if end.search(line):
                for j in range(i, -1, -1):
                    if lines[j].startswith("typedef"):
                        return j + 1
        return None

    # -- drift reports -------------------------------------------------------------------

    def check_drift_report(self, rep, rc, labels, paths, fixture, want, warnings_want):
        """Problems with drift report REP (exit RC) of builds LABELS (files PATHS).
        WANT: {type: None or expectation} for the types this pair lists, or None to skip
        the per-type expectations."""
        probs = []
        if rep.get("abidrift_report") != 1:
            probs.append("abidrift_report is %r, not 1" % rep.get("abidrift_report"))
        if rep.get("command") != "drift":
            probs.append("command is %r" % rep.get("command"))
        targets = rep.get("targets")
        archs = [self.arch_of.get(l, l) for l in labels]
        if not isinstance(targets, list) or [t.get("arch") for t in targets if isinstance(t, dict)] != archs:
            probs.append("targets %s, expected arches %s" % (json.dumps(targets), archs))
        elif paths:
            for t, p in zip(targets, paths):
                if not isinstance(t.get("path"), str) or os.path.basename(t["path"]) != os.path.basename(p):
                    probs.append("target path %r for %s" % (t.get("path"), p))
        types = rep.get("types")
        if not isinstance(types, list):
            return probs + ["no types list"]
        names = [t.get("name") for t in types]
        dups = sorted({n for n in names if names.count(n) > 1})
        if dups:
            probs.append("reported more than once: %s" % ", ".join(map(str, dups)))
        drifting = len(types) > 0
        verdict = "drift" if drifting else "none"
        if rep.get("verdict") != verdict:
            probs.append("verdict %r with %d drifting types" % (rep.get("verdict"), len(types)))
        want_rc = EXIT_CHANGE if drifting else 0
        if rc != want_rc:
            probs.append("exit %d, expected %d" % (rc, want_rc))
        if rep.get("exit_status") != rc:
            probs.append("exit_status %r but abidrift exited %d" % (rep.get("exit_status"), rc))
        counts = rep.get("counts") or {}
        if counts.get("drifting") != len(types):
            probs.append("counts.drifting %r, %d types listed" % (counts.get("drifting"), len(types)))
        if not isinstance(counts.get("types"), int) or counts.get("types") < len(types):
            probs.append("counts.types %r < %d drifting" % (counts.get("types"), len(types)))

        own = [t for t in types if not self.foreign(t)]
        if want is not None:
            expect_names = {n for n, w in want.items() if w is not None and not w.get("optional")}
            optional = {n for n, w in want.items() if w is not None and w.get("optional")}
            got_names = set(t.get("name") for t in own if isinstance(t.get("name"), str)) - optional
            missing = sorted(expect_names - got_names)
            extra = sorted(got_names - expect_names)
            if missing:
                probs.append("not reported: %s" % ", ".join(missing))
            if extra:
                probs.append("reported but must not drift: %s" % ", ".join(extra))
        for t in own:
            name = t.get("name")
            exp = want.get(name) if want else None
            probs.extend(self.check_type(t, labels, fixture, exp))
        if warnings_want is not None:
            kinds = sorted({w.get("kind") for w in rep.get("warnings") or [] if isinstance(w, dict)})
            if kinds != sorted(set(warnings_want)):
                probs.append("warnings %s, expected %s" % (kinds, sorted(set(warnings_want))))
            for w in rep.get("warnings") or []:
                if not isinstance(w, dict) or not isinstance(w.get("detail"), str) or not w.get("detail"):
                    probs.append("warning without detail: %s" % json.dumps(w))
        elif not isinstance(rep.get("warnings", []), list):
            probs.append("warnings is not a list")
        return probs

    def check_type(self, t, labels, fixture, exp):
        """Problems with one reported type T; EXP is its expectation from expected.json
        (None: only the generic checks)."""
        probs = []
        name = t.get("name")
        # layouts: one per target, in order, as the fixture states them
        lays = t.get("layouts")
        archs = [self.arch_of.get(l, l) for l in labels]
        if not isinstance(lays, list) or [l.get("arch") for l in lays if isinstance(l, dict)] != archs:
            probs.append("%s: layouts %s, expected one per target %s" % (name, json.dumps(lays), archs))
        else:
            sizes = set()
            for l, label in zip(lays, labels):
                sizes.add((l.get("size"), l.get("align")))
                st = self.stated_layout(fixture, label, name)
                if st and (l.get("size"), l.get("align")) != st:
                    probs.append("%s on %s: size %s align %s, the compiler says size %d align %d"
                                 % (name, label, l.get("size"), l.get("align"), st[0], st[1]))
        # where it is declared
        if os.path.basename(str(t.get("file"))) != os.path.basename(fixture) + ".h":
            probs.append("%s: file %r, expected %s.h" % (name, t.get("file"), fixture))
        line = self.decl_line(fixture, name) if isinstance(name, str) else None
        if line is not None and t.get("line") != line:
            probs.append("%s: line %r, declared at %s.h:%d" % (name, t.get("line"), fixture, line))
        # causes
        causes = t.get("causes")
        if not isinstance(causes, list) or not causes:
            probs.append("%s: no causes" % name)
            causes = []
        for c in causes:
            if not isinstance(c, dict) or c.get("cause") not in CAUSES:
                probs.append("%s: unknown cause %s" % (name, json.dumps(c)))
            elif not isinstance(c.get("detail"), str) or not c.get("detail"):
                probs.append("%s: cause %s without detail" % (name, c.get("cause")))
        fm = t.get("first_member", "absent")
        if fm == "absent":
            probs.append("%s: no first_member key" % name)
        if exp is None:
            return probs
        for req in exp.get("causes", []):
            ok = False
            for c in causes:
                if not isinstance(c, dict) or c.get("cause") != req["cause"]:
                    continue
                if "member" in req and c.get("member") != req["member"]:
                    continue
                if "detail_has" in req and req["detail_has"] not in str(c.get("detail")):
                    continue
                ok = True
            if not ok:
                what = req["cause"]
                if "member" in req:
                    what += " on %s" % req["member"]
                if "detail_has" in req:
                    what += " naming %s" % req["detail_has"]
                got = ["%s(%s)" % (c.get("cause"), c.get("member")) for c in causes if isinstance(c, dict)]
                probs.append("%s: no cause %s (got %s)" % (name, what, ", ".join(got) or "none"))
        allowed = {r["cause"] for r in exp.get("causes", [])} | set(exp.get("allow", []))
        for c in causes:
            if isinstance(c, dict) and c.get("cause") in CAUSES and c.get("cause") not in allowed:
                probs.append("%s: unexpected cause %s(%s): %s" % (name, c.get("cause"), c.get("member"), c.get("detail")))
        if "first_member" in exp:
            efm = exp["first_member"]
            if efm is None:
                if fm is not None and fm != "absent":
                    probs.append("%s: first_member %s, expected null (no member moves)" % (name, json.dumps(fm)))
            elif not isinstance(fm, dict):
                probs.append("%s: first_member %s, expected %s" % (name, json.dumps(fm), efm["path"]))
            else:
                if fm.get("path") != efm["path"]:
                    probs.append("%s: first_member %r, expected %s" % (name, fm.get("path"), efm["path"]))
                offs = fm.get("offsets")
                for arch, off in efm.get("offsets", {}).items():
                    if not isinstance(offs, dict) or offs.get(arch) != off:
                        probs.append("%s: first_member offsets %s, expected %s" % (name, json.dumps(offs), json.dumps(efm["offsets"])))
                        break
        return probs

    def drift_pairs(self, dwarf4=False):
        """[(fixture, pair, labels, want, warnings)] from expected.json; with DWARF4,
        also i386 against the DWARF 4 build of x86_64, which must report the same."""
        out = []
        for fixture in sorted(self.expected):
            fx = self.expected[fixture]
            for pair, want in fx.get("drift", {}).items():
                warns = fx.get("warnings", {}).get(pair)
                out.append((fixture, pair, pair.split(","), want, warns))
                if dwarf4 and pair == "i386,x86_64":
                    out.append((fixture, "i386,x86_64-dw4", ["i386", "x86_64-dw4"], want, warns))
        return out

    def check_drift_objects(self):
        for fixture, pair, labels, want, warns in self.drift_pairs(dwarf4=True):
            name = "drift %s %s" % (fixture, pair)
            paths = [self.obj(l, fixture) for l in labels]
            if None in paths:
                self.skip(name, "no %s build" % ", ".join(l for l, p in zip(labels, paths) if p is None))
                continue
            args = ["drift", "--format", "json"] + paths
            rc, out, err = self.run_twice("drift --format json", args)
            rep, probs = parse_report(out)
            if rep is None:
                self.result(name, ["exit %d: %s" % (rc, first_line(err))] + probs, repro=shq([self.abidrift] + args))
                continue
            probs += self.check_drift_report(rep, rc, labels, paths, fixture, want, warns)
            self.drift_reports[(fixture, pair)] = rep
            # the text report: same exit status, names every drifting type
            targs = ["drift"] + paths
            trc, tout, terr = self.run_twice("drift (text)", targs)
            if trc != rc:
                probs.append("text report: exit %d, JSON report %d (%s)" % (trc, rc, first_line(terr)))
            for t in rep.get("types") or []:
                if isinstance(t.get("name"), str) and t["name"] not in tout:
                    probs.append("text report does not name %s" % t["name"])
            if not probs:
                names = [t.get("name") for t in rep["types"] if not self.foreign(t)]
                causes = sorted({c.get("cause") for t in rep["types"] if not self.foreign(t)
                                 for c in t.get("causes") or []})
                note = "exit %d, %d drifting%s" % (rc, len(names), (": " + ", ".join(causes)) if causes else "")
                foreign = sorted(t.get("name") for t in rep["types"] if self.foreign(t))
                if foreign:
                    note += "; also from the compiler's headers: " + ", ".join(foreign)
                if rep.get("warnings"):
                    note += "; warnings: " + ", ".join(sorted({w.get("kind") for w in rep["warnings"]}))
            else:
                note = ""
            self.result(name, probs, note, repro=shq([self.abidrift] + args))

    def summary(self, rep):
        """{type: (layouts, causes set, first_member)} for comparing two reports."""
        out = {}
        for t in rep.get("types") or []:
            if self.foreign(t):
                continue
            lays = [(l.get("arch"), l.get("size"), l.get("align")) for l in t.get("layouts") or []]
            causes = sorted((c.get("cause"), c.get("member")) for c in t.get("causes") or [])
            out[t.get("name")] = (lays, causes, t.get("first_member"), os.path.basename(str(t.get("file"))), t.get("line"))
        return out

    def compare_reports(self, a, b, what_a, what_b):
        probs = []
        sa, sb = self.summary(a), self.summary(b)
        for name in sorted(set(sa) | set(sb), key=str):
            if name not in sa:
                probs.append("%s reported by %s only" % (name, what_b))
            elif name not in sb:
                probs.append("%s reported by %s only" % (name, what_a))
            elif sa[name] != sb[name]:
                labels = ["layouts", "causes", "first_member", "file", "line"]
                for i, l in enumerate(labels):
                    if sa[name][i] != sb[name][i]:
                        probs.append("%s %s: %s %s, %s %s" % (name, l, what_a, json.dumps(sa[name][i]), what_b, json.dumps(sb[name][i])))
        wa = sorted(w.get("kind") for w in a.get("warnings") or [])
        wb = sorted(w.get("kind") for w in b.get("warnings") or [])
        if wa != wb:
            probs.append("warnings: %s %s, %s %s" % (what_a, wa, what_b, wb))
        if not any(self.foreign(t) for t in (a.get("types") or []) + (b.get("types") or [])) and \
                (a.get("verdict") != b.get("verdict") or a.get("exit_status") != b.get("exit_status")):
            probs.append("verdict/exit: %s %s/%s, %s %s/%s" % (what_a, a.get("verdict"), a.get("exit_status"),
                                                                 what_b, b.get("verdict"), b.get("exit_status")))
        return probs

    # -- header probes ------------------------------------------------------------------

    def probe_run(self, kind, args, twice=True):
        """Runs a probe with a private, empty TMPDIR and working directory; returns
        (rc, out, err, problems about files left behind)."""
        tmpdir = self.scratch("tmpdir")
        cwd = self.scratch("cwd")
        before = self.listing(self.fixtures)
        env = {"TMPDIR": tmpdir}
        if twice:
            rc, out, err = self.run_twice(kind, args, env=env, cwd=cwd)
        else:
            rc, out, err = self.run(args, env=env, cwd=cwd)
        left = []
        for d, what in ((tmpdir, "TMPDIR"), (cwd, "the working directory")):
            stuff = sorted(os.listdir(d))
            if stuff:
                left.append("left in %s: %s" % (what, ", ".join(stuff)))
        after = self.listing(self.fixtures)
        if after != before:
            left.append("changed testdata/drift: %s" % ", ".join(sorted(set(after) ^ set(before))))
        shutil.rmtree(tmpdir, ignore_errors=True)
        shutil.rmtree(cwd, ignore_errors=True)
        return rc, out, err, left

    @staticmethod
    def listing(top):
        out = []
        for root, dirs, files in os.walk(top):
            for f in dirs + files:
                p = os.path.join(root, f)
                st = os.lstat(p)
                out.append("%s %d %d" % (os.path.relpath(p, top), st.st_size, int(st.st_mtime)))
        return sorted(out)

    def check_drift_headers(self):
        for fixture, pair, labels, want, warns in self.drift_pairs():
            if any(l not in ARCHES for l in labels):
                continue  # -fshort-enums builds: a probe has no such option
            name = "header %s %s" % (fixture, pair)
            if any(self.obj(l, fixture) is None for l in labels):
                self.skip(name, "no compiler builds for %s (see the compile lines)" % pair)
                continue
            args = ["drift", "--format", "json", "--arch", pair, self.header(fixture)]
            rc, out, err, left = self.probe_run("drift --arch (header probe)", args)
            rep, probs = parse_report(out)
            if rep is None:
                self.result(name, ["exit %d: %s" % (rc, first_line(err))] + probs + left, repro=shq([self.abidrift] + args))
                continue
            probs += left
            probs += self.check_drift_report(rep, rc, labels, None, fixture, want, warns)
            objrep = self.drift_reports.get((fixture, pair))
            if objrep is not None:
                probs += self.compare_reports(objrep, rep, "objects", "header")
            self.result(name, probs, "exit %d, %d drifting, same as the objects, nothing left behind"
                        % (rc, len(rep.get("types") or [])), repro=shq([self.abidrift] + args))

    def varying(self, fixture, archs):
        """Types whose stated layout differs between ARCHS, and types stated the same."""
        vary, same = set(), set()
        idx = [ARCHES.index(a) for a in archs]
        for typ, st in self.stated(fixture).items():
            if any(len({vals[i] for i in idx}) > 1 for vals in st.values()):
                vary.add(typ)
            else:
                same.add(typ)
        return vary, same

    def check_drift_all(self):
        labels = [a for a in ARCHES if self.obj(a, "clean")]
        if len(labels) < 3:
            self.skip("drift-all", "fewer than three targets could be built")
            return
        for fixture in sorted(self.expected):
            paths = [self.obj(l, fixture) for l in labels]
            vary, same = self.varying(fixture, labels)
            reps = {}
            for how in ("objects", "headers"):
                name = "drift-all %s %s" % (fixture, how)
                if how == "objects":
                    args = ["drift", "--format", "json"] + paths
                    rc, out, err = self.run_twice("drift --format json", args)
                    left = []
                else:
                    args = ["drift", "--format", "json", "--arch", ",".join(labels), self.header(fixture)]
                    rc, out, err, left = self.probe_run("drift --arch (header probe)", args)
                rep, probs = parse_report(out)
                if rep is None:
                    self.result(name, ["exit %d: %s" % (rc, first_line(err))] + probs + left, repro=shq([self.abidrift] + args))
                    continue
                probs += left
                probs += self.check_drift_report(rep, rc, labels, paths if how == "objects" else None, fixture, None, None)
                got = {t.get("name") for t in rep.get("types") or [] if not self.foreign(t)}
                miss = sorted(vary - got)
                if miss:
                    probs.append("not reported, though %s.c states different layouts: %s" % (fixture, ", ".join(miss)))
                wrong = sorted(got & same)
                if wrong:
                    probs.append("reported, though %s.c states the same layout everywhere: %s" % (fixture, ", ".join(wrong)))
                if fixture in ("controls", "clean", "enumsize") and got:
                    probs.append("controls reported: %s" % ", ".join(sorted(map(str, got))))
                # plain char is signed on x86, unsigned on the others
                if fixture == "archtypes" and {"x86_64", "aarch64"} <= set(labels):
                    kinds = {w.get("kind") for w in rep.get("warnings") or []}
                    if "char_signedness" not in kinds:
                        probs.append("no char_signedness warning (plain char: signed on x86, unsigned on arm)")
                reps[how] = rep
                self.result(name, probs, "%d targets, exit %d, %d drifting" % (len(labels), rc, len(got)),
                            repro=shq([self.abidrift] + args))
            if len(reps) == 2:
                probs = self.compare_reports(reps["objects"], reps["headers"], "objects", "headers")
                self.result("drift-all %s headers = objects" % fixture, probs)

    def check_baselines(self):
        name = "baseline-input causes i386,x86_64"
        rep = self.drift_reports.get(("causes", "i386,x86_64"))
        if rep is None:
            self.skip(name, "no report from the objects to compare with")
            return
        d = self.scratch("baselines")
        paths, probs = [], []
        for label in ("i386", "x86_64"):
            p = os.path.join(d, label + ".json")
            rc, out, err = self.run(["dump", "-o", p, self.obj(label, "causes")])
            if rc != 0:
                probs.append("abidrift dump %s: exit %d: %s" % (self.obj(label, "causes"), rc, first_line(err)))
            paths.append(p)
        if not probs:
            args = ["drift", "--format", "json"] + paths
            rc, out, err = self.run_twice("drift --format json", args)
            brep, probs = parse_report(out)
            if brep is None:
                probs.append("exit %d: %s" % (rc, first_line(err)))
            else:
                probs += self.compare_reports(rep, brep, "objects", "baselines")
                archs = [t.get("arch") for t in brep.get("targets") or []]
                if archs != ["i386", "x86_64"]:
                    probs.append("targets %s" % archs)
        self.result(name, probs, "same types and causes as from the objects")

    def check_probe_options(self):
        if self.obj("i386", "clean") is None or self.obj("x86_64", "clean") is None:
            self.skip("probe-*", "gcc cannot build for both i386 and x86_64 (see the compile lines)")
            return
        hdr = os.path.join(self.fixtures, "probe", "opts.h")
        inc = os.path.join(self.fixtures, "probe", "inc")
        pre = os.path.join(self.fixtures, "probe", "prelude.h")
        full = ["-I", inc, "-D", "OPTS_WIDE=1", "--include", pre]
        base = ["drift", "--format", "json", "--arch", "i386,x86_64"]
        want = {"struct opts_rec": {"causes": [{"cause": "long_width", "member": "struct opts_rec.wide"}],
                                    "allow": ["padding"],
                                    "first_member": {"path": "struct opts_rec.wide", "offsets": {"i386": 12, "x86_64": 16}}}}

        def one(name, opts, rc_want, want_types=None, err_has=None, note=""):
            args = base + opts + [hdr]
            rc, out, err, left = self.probe_run("drift --arch (header probe)", args, twice=(rc_want != 1))
            probs = list(left)
            if rc != rc_want:
                probs.append("exit %d, expected %d (%s)" % (rc, rc_want, first_line(err)))
            if err_has and err_has not in err:
                probs.append("stderr does not show the compiler's message (%r): %s" % (err_has, first_line(err)))
            if rc_want != 1:
                rep, p2 = parse_report(out)
                probs += p2
                if rep is not None:
                    probs += self.check_drift_report(rep, rc, ["i386", "x86_64"], None, "probe/opts", want_types, None)
            self.result(name, probs, note, repro=shq([self.abidrift] + args))
            return rc

        one("probe-options", full, EXIT_CHANGE, want, note="-I, -D, --include: only struct opts_rec, from the named header")
        one("probe-define", ["-I", inc, "-D", "OPTS_WIDE=0", "--include", pre], 0, {"struct opts_rec": None},
            note="-D OPTS_WIDE=0: no long, no drift")
        one("probe-no-I", ["-D", "OPTS_WIDE=1", "--include", pre], 1, err_has="opts_dep.h",
            note="without -I: exit 1, the compiler's message")
        one("probe-no-D", ["-I", inc, "--include", pre], 1, err_has="define OPTS_WIDE",
            note="without -D: exit 1, the #error")
        one("probe-no-include", ["-I", inc, "-D", "OPTS_WIDE=1"], 1, err_has="opts_prelude_t",
            note="without --include: exit 1, the compiler's message")

        # --cc: a wrapper that logs its arguments and runs clang
        cc = shutil.which("clang")
        if not cc:
            self.skip("probe-cc", "clang is not installed")
        else:
            d = self.scratch("cc")
            log = os.path.join(d, "cc.log")
            wrapper = os.path.join(d, "clang-wrapper")  # named as a clang: gets --target=
            with open(wrapper, "w", encoding="utf-8") as f:
                f.write('#!/bin/sh\nprintf "%%s\\n" "$*" >>%s\nexec %s "$@"\n' % (shq([log]), shq([cc])))
            os.chmod(wrapper, stat.S_IRWXU)
            args = base + full + ["--cc", wrapper, hdr]
            rc, out, err, left = self.probe_run("drift --arch (header probe)", args, twice=False)
            probs = list(left)
            if rc != EXIT_CHANGE:
                probs.append("exit %d, expected %d (%s)" % (rc, EXIT_CHANGE, first_line(err)))
            rep, p2 = parse_report(out)
            probs += p2
            if rep is not None:
                probs += self.check_drift_report(rep, rc, ["i386", "x86_64"], None, "probe/opts", want, None)
            try:
                with open(log, encoding="utf-8") as f:
                    calls = [l for l in f.read().splitlines() if l.strip()]
            except OSError:
                calls = []
            if len(calls) < 2:
                probs.append("the --cc command ran %d time(s), expected once per target" % len(calls))
            self.result("probe-cc", probs, "%d compiler runs through --cc" % len(calls), repro=shq([self.abidrift] + args))

        # a header that does not compile
        broken = os.path.join(self.fixtures, "bad", "broken.h")
        args = ["drift", "--format", "json", "--arch", "i386,x86_64", broken]
        rc, out, err, left = self.probe_run("drift --arch (header probe)", args, twice=False)
        probs = list(left)
        if rc != 1:
            probs.append("exit %d, expected 1" % rc)
        if "no_such_type_t" not in err or "broken.h" not in err:
            probs.append("stderr does not carry the compiler's message about no_such_type_t in broken.h: %s" % first_line(err))
        if out.strip():
            probs.append("wrote a report to standard output")
        self.result("probe-broken-header", probs, "exit 1: %s" % first_line(err)[:120], repro=shq([self.abidrift] + args))

    def check_show_headers(self):
        """show on a header: the layouts of the header's own types, as on the object."""
        decl = re.compile(r"/\*\s*size\s+\d+,\s*align\s+\d+,(?:.*,)?\s*([^\s,]+):\d+\s*\*/")

        def layouts(text, only=None):
            out = {}
            for lay in lp.parse_show(text)[1]:
                m = decl.search(lay.lines[0]) if lay.lines else None
                where = m.group(1) if m else ""
                if only is not None and os.path.basename(where) != only:
                    continue  # the compiler's and libc's types in the object
                out[lay.key] = (lay.size, lay.align,
                                [(x.name, x.off if not x.is_bitfield else None, x.abs_bit if x.is_bitfield else None, x.size)
                                 for x in lay.members])
            return out

        for label in ("x86_64", "i386"):
            name = "probe-show %s" % label
            probs, n, repro = [], 0, None
            for fixture in sorted(self.expected):
                path = self.obj(label, fixture)
                if path is None:
                    continue
                rc, out, err = self.run(["show", path])
                want = layouts(out, fixture + ".h")
                args = ["show"] + (["--arch", label] if label != "x86_64" else []) + [self.header(fixture)]
                hrc, hout, herr, left = self.probe_run("show (header probe)", args)
                probs += left
                if hrc != 0:
                    probs.append("%s: exit %d: %s" % (fixture, hrc, first_line(herr)))
                    continue
                got = layouts(hout)
                foreign = sorted(k for k in got if k not in want)
                if foreign:
                    probs.append("%s.h: shows types not declared in it: %s" % (fixture, ", ".join(map(str, foreign))))
                for k in sorted(want, key=str):
                    n += 1
                    if k not in got:
                        probs.append("%s.h: %s not shown" % (fixture, k))
                    elif got[k] != want[k]:
                        probs.append("%s.h: %s differs from %s/%s.o" % (fixture, k, label, fixture))
                if probs and repro is None:
                    repro = shq([self.abidrift] + args)
            self.result(name, probs, "%d types, as from the %s objects, and only those" % (n, label), repro=repro)

    # -- lint ---------------------------------------------------------------------------

    def lint(self, kind, args, env=None, cwd=None, twice=True):
        """(rc, report or None, problems, stderr)"""
        if twice:
            rc, out, err = self.run_twice(kind, args, env, cwd)
        else:
            rc, out, err = self.run(args, env, cwd)
        rep, probs = parse_report(out)
        if rep is None:
            return rc, None, ["exit %d: %s" % (rc, first_line(err))] + probs, err
        probs += self.check_lint_report(rep, rc)
        return rc, rep, probs, err

    def check_lint_report(self, rep, rc):
        probs = []
        if rep.get("abidrift_report") != 1:
            probs.append("abidrift_report is %r, not 1" % rep.get("abidrift_report"))
        if rep.get("command") != "lint":
            probs.append("command is %r" % rep.get("command"))
        findings = rep.get("findings")
        if not isinstance(findings, list):
            return probs + ["no findings list"]
        n = {}
        for f in findings:
            if not isinstance(f, dict) or f.get("rule") not in RULES:
                probs.append("unknown rule in %s" % json.dumps(f))
                continue
            n[f["rule"]] = n.get(f["rule"], 0) + 1
            for k, typ in (("type", str), ("detail", str), ("file", str), ("line", int)):
                if not isinstance(f.get(k), typ):
                    probs.append("finding without %s: %s" % (k, json.dumps(f)))
                    break
            if "member" not in f or not (f["member"] is None or isinstance(f["member"], str)):
                probs.append("finding without member (path or null): %s" % json.dumps(f))
        counts = rep.get("counts")
        if not isinstance(counts, dict):
            probs.append("no counts")
        else:
            for rule in set(n) | set(counts):
                if counts.get(rule, 0) != n.get(rule, 0):
                    probs.append("counts.%s %r, %d findings" % (rule, counts.get(rule), n.get(rule, 0)))
        want_rc = EXIT_CHANGE if findings else 0
        if rc != want_rc:
            probs.append("exit %d with %d findings, expected %d" % (rc, len(findings), want_rc))
        return probs

    @staticmethod
    def matches(f, entry):
        for k in ("rule", "type", "member"):
            if k in entry and f.get(k) != entry[k]:
                return False
        if "detail_has" in entry and entry["detail_has"].lower() not in str(f.get("detail")).lower():
            return False
        return True

    @staticmethod
    def fdesc(f):
        return "%s %s%s" % (f.get("rule"), f.get("type"), " " + f["member"] if f.get("member") else "")

    def check_lint_expected(self):
        for fixture in sorted(self.expected):
            for label, exp in sorted(self.expected[fixture].get("lint", {}).items()):
                name = "lint %s %s" % (fixture, label)
                path = self.obj(label, fixture)
                if path is None:
                    self.skip(name, "no %s build" % label)
                    continue
                args = ["lint", "--format", "json", path]
                rc, rep, probs, err = self.lint("lint --format json", args)
                if rep is None:
                    self.result(name, probs, repro=shq([self.abidrift] + args))
                    continue
                findings = [f for f in rep.get("findings") or [] if not self.foreign(f)]
                if exp.get("clean"):
                    if findings:
                        probs.append("expected no finding, got: %s" % ", ".join(self.fdesc(f) for f in findings))
                    if rc != 0 and len(findings) == len(rep.get("findings") or []):
                        probs.append("exit %d, expected 0" % rc)
                for req in exp.get("require", []):
                    if not any(self.matches(f, req) for f in findings):
                        probs.append("missing finding %s" % json.dumps(req, sort_keys=True))
                for bad in exp.get("forbid", []):
                    hits = [f for f in findings if self.matches(f, bad)]
                    if hits:
                        probs.append("must not find %s: %s" % (json.dumps(bad, sort_keys=True),
                                                              ", ".join(self.fdesc(f) for f in hits[:3])))
                trc, tout, terr = self.run_twice("lint (text)", ["lint", path])
                if trc != rc:
                    probs.append("text report: exit %d, JSON report %d (%s)" % (trc, rc, first_line(terr)))
                for f in findings:
                    if isinstance(f.get("type"), str) and f["type"] not in tout:
                        probs.append("text report does not name %s" % f["type"])
                        break
                counts = rep.get("counts") or {}
                note = "exit %d, %s" % (rc, ", ".join("%s %d" % (r, counts[r]) for r in sorted(counts) if counts[r]) or "no findings")
                self.result(name, probs, note, repro=shq([self.abidrift] + args))

    def check_lint_predicts(self):
        """A single build's layout-differs findings cover the real drift."""
        for fixture, pair, labels, want, warns in self.drift_pairs():
            if any(l not in ARCHES for l in labels):
                continue
            rep = self.drift_reports.get((fixture, pair))
            if rep is None:
                continue
            drifting = sorted(t.get("name") for t in rep.get("types") or [] if not self.foreign(t))
            if not drifting:
                continue
            for i, label in enumerate(labels):
                other = self.arch_of.get(labels[1 - i], labels[1 - i]) if len(labels) == 2 else None
                name = "lint-predicts %s %s from %s" % (fixture, pair, label)
                path = self.obj(label, fixture)
                for variant, extra in (("default targets", []),
                                       ("--target %s --rules layout-differs" % other,
                                        ["--target", other, "--rules", "layout-differs"])):
                    args = ["lint", "--format", "json"] + extra + [path]
                    rc, lrep, probs, err = self.lint("lint --format json", args)
                    if lrep is not None:
                        got = {f.get("type") for f in lrep.get("findings") or [] if f.get("rule") == "layout-differs"}
                        miss = [t for t in drifting if t not in got]
                        if miss:
                            probs.append("no layout-differs finding for %s, which drift %s finds" % (", ".join(miss), pair))
                        if extra:
                            others = sorted({f.get("rule") for f in lrep.get("findings") or []} - {"layout-differs"})
                            if others:
                                probs.append("--rules layout-differs, yet findings of %s" % ", ".join(others))
                    self.result("%s (%s)" % (name, variant), probs, "%d drifting types predicted" % len(drifting),
                                repro=shq([self.abidrift] + args))

    def check_lint_options(self):
        # --rules restricts
        rc_path = self.obj("x86_64", "readconsole")
        if rc_path:
            args = ["lint", "--format", "json", "--rules", "implicit-padding", rc_path]
            rc, rep, probs, err = self.lint("lint --format json", args)
            note = ""
            if rep is not None:
                rules = {f.get("rule") for f in rep.get("findings") or []}
                if rules - {"implicit-padding"}:
                    probs.append("--rules implicit-padding, yet findings of %s" % ", ".join(sorted(rules - {"implicit-padding"})))
                tail = [f for f in rep.get("findings") or [] if f.get("type") == "struct rc_readconsole"
                        and f.get("member") is None and "tail" in str(f.get("detail")).lower()]
                if not tail:
                    probs.append("no implicit-padding finding for the tail padding of struct rc_readconsole")
                else:
                    note = "tail padding: %s" % tail[0].get("detail")
            self.result("lint-rules implicit-padding", probs, note,
                        repro=shq([self.abidrift] + args))
        c_path = self.obj("i386", "causes")
        if c_path:
            args = ["lint", "--format", "json", "--rules", "misaligned-int64,implicit-padding", c_path]
            rc, rep, probs, err = self.lint("lint --format json", args)
            if rep is not None:
                rules = {f.get("rule") for f in rep.get("findings") or []}
                if rules - {"misaligned-int64", "implicit-padding"}:
                    probs.append("--rules misaligned-int64,implicit-padding, yet findings of %s"
                                 % ", ".join(sorted(rules - {"misaligned-int64", "implicit-padding"})))
                if "misaligned-int64" not in rules:
                    probs.append("no misaligned-int64 finding on the i386 build of causes.h")
            self.result("lint-rules list", probs, repro=shq([self.abidrift] + args))
        # --types restricts
        x_path = self.obj("x86_64", "causes")
        if x_path:
            args = ["lint", "--format", "json", "--types", "dc_(pointer|long)$", x_path]
            rc, rep, probs, err = self.lint("lint --format json", args)
            if rep is not None:
                types = {f.get("type") for f in rep.get("findings") or []}
                if types != {"struct dc_pointer", "struct dc_long"}:
                    probs.append("--types 'dc_(pointer|long)$': findings for %s" % sorted(map(str, types)))
            self.result("lint-types", probs, repro=shq([self.abidrift] + args))
        a_path = self.obj("x86_64", "archtypes")
        if a_path:
            args = ["lint", "--format", "json", "--types", "at_fixed", a_path]
            rc, rep, probs, err = self.lint("lint --format json", args)
            if rep is not None and (rc != 0 or rep.get("findings")):
                probs.append("--types at_fixed (a clean struct): exit %d, findings %s"
                             % (rc, [self.fdesc(f) for f in rep.get("findings") or []]))
            self.result("lint-types clean exit 0", probs, repro=shq([self.abidrift] + args))
        # unknown rule, unknown target: usage errors
        if x_path:
            for what, extra in (("rule", ["--rules", "no-such-rule"]), ("target", ["--target", "no-such-arch"])):
                args = ["lint"] + extra + [x_path]
                rc, out, err = self.run(args)
                probs = []
                if rc != 2:
                    probs.append("exit %d, expected 2" % rc)
                if not err.strip():
                    probs.append("nothing on stderr")
                self.result("lint-unknown-%s" % what, probs, first_line(err), repro=shq([self.abidrift] + args))
        # lint on headers: the same findings as on the objects
        for fixture, label in (("readconsole", "x86_64"), ("readconsole", "i386"), ("archtypes", "x86_64"),
                               ("clean", "x86_64")):
            path = self.obj(label, fixture)
            name = "lint-header %s %s" % (fixture, label)
            if path is None:
                self.skip(name, "no %s build" % label)
                continue
            rc0, orep, p0, _ = self.lint("lint --format json", ["lint", "--format", "json", path])
            args = ["lint", "--format", "json"] + (["--arch", label] if label != "x86_64" else []) + [self.header(fixture)]
            tmpdir, cwd = self.scratch("tmpdir"), self.scratch("cwd")
            rc, hrep, probs, err = self.lint("lint --format json (header probe)", args, env={"TMPDIR": tmpdir}, cwd=cwd)
            for d, what in ((tmpdir, "TMPDIR"), (cwd, "the working directory")):
                if os.listdir(d):
                    probs.append("left in %s: %s" % (what, ", ".join(sorted(os.listdir(d)))))
            if hrep is not None and orep is not None:
                key = lambda f: (f.get("rule"), f.get("type"), f.get("member"))  # noqa: E731
                a = sorted((key(f) for f in orep.get("findings") or [] if not self.foreign(f)), key=str)
                b = sorted((key(f) for f in hrep.get("findings") or [] if not self.foreign(f)), key=str)
                if a != b:
                    probs.append("object only: %s; header only: %s" % ([x for x in a if x not in b], [x for x in b if x not in a]))
                if rc != rc0 and not any(self.foreign(f) for f in orep.get("findings") or []):
                    probs.append("exit %d, on the object %d" % (rc, rc0))
            self.result(name, probs, "same findings as %s/%s.o" % (label, fixture), repro=shq([self.abidrift] + args))

    # -- determinism ---------------------------------------------------------------------

    def report_determinism(self):
        for kind in sorted(self.det):
            n, bad = self.det[kind]
            self.result("determinism %s" % kind, ["%d of %d reports differ between two runs: %s" % (len(bad), n, "; ".join(bad[:3]))] if bad else [],
                        "%d reports, each made twice, byte-identical" % n)

    def main(self):
        drift_ok, why = self.supported("drift", ["--format", "json"])
        if not drift_ok:
            print("FAIL drift: the command is not there yet (%s)" % why, flush=True)
        else:
            self.check_drift_objects()
            self.check_baselines()
            self.check_drift_headers()
            self.check_drift_all()
            self.check_probe_options()
            self.check_show_headers()
        lint_ok, why = self.supported("lint", ["--format", "json"])
        if not lint_ok:
            print("FAIL lint: the command is not there yet (%s)" % why, flush=True)
        else:
            self.check_lint_expected()
            if drift_ok:
                self.check_lint_predicts()
            self.check_lint_options()
        self.report_determinism()
        return 0


def main(argv):
    abidrift, fixtures, manifest, work = "./abidrift", None, None, None
    while argv:
        opt = argv.pop(0)
        if opt == "--abidrift":
            abidrift = argv.pop(0)
        elif opt == "--fixtures":
            fixtures = argv.pop(0)
        elif opt == "--manifest":
            manifest = argv.pop(0)
        elif opt == "--work":
            work = argv.pop(0)
        else:
            raise SystemExit("drift_check.py: unknown argument %s" % opt)
    # absolute: the probes run in scratch working directories
    return Checker(os.path.abspath(abidrift), os.path.abspath(fixtures), manifest, work).main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
