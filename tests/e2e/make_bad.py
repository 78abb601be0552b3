#!/usr/bin/env python3
"""Hostile inputs for tests/e2e/bad.sh, generated at test time.

    make_bad.py SEEDS OUT
        Writes every input into the directory OUT, from the seeds in SEEDS (testdata/bad),
        and the list of runs to OUT/manifest, one per line, fields separated by tabs:

            case NAME EXPECT NAMED STDERR_WORDS STDOUT_WORDS ARG...
            skip NAME REASON
            fail NAME REASON

        NAME is unique; EXPECT lists the accepted exit statuses ("1", "0", "0|1", "12");
        NAMED is the input an error message must name; STDERR_WORDS and STDOUT_WORDS are
        comma-separated strings that must (or, with a leading '!', must not) appear there,
        "-" for none; ARG... are abidrift's arguments. "fail" means an input could not be
        made (a bug here, or gcc's output changed), "skip" that a tool is missing.

    make_bad.py --measure RSSFILE SECONDS CMD ARG...
        Runs CMD with a time limit and writes its peak RSS in KiB to RSSFILE, like
        `/usr/bin/time -f %M timeout SECONDS CMD`; for hosts without /usr/bin/time.

ELF inputs start from SEEDS/seed.c, compiled by gcc with -g -gdwarf-4 -gz=none into an
object, a shared object and annotated assembly (-S -dA); headers are patched with struct
and the assembly is edited where gcc's comments say (`(DIE (0x2d) DW_TAG_typedef)`,
`# DW_AT_type`), always keeping every DIE's size, so that no offset moves, then assembled
again. Baselines are mutations of SEEDS/seed-old.json; suppression files are written
here. See SEEDS/README for the list of cases and what abidrift must say for each.
"""

import json
import os
import re
import shutil
import struct
import subprocess
import sys

MB = 1 << 20
CFLAGS = ["-g", "-gdwarf-4", "-gz=none", "-O0", "-fno-eliminate-unused-debug-types"]

out_dir = ""
seeds = ""
manifest = []
names = set()


def path(name):
    return os.path.join(out_dir, name)


def fields(*f):
    for x in f:
        x = str(x)
        if not x or "\t" in x or "\n" in x:
            raise ValueError("bad manifest field %r" % x)
    manifest.append("\t".join(str(x) for x in f))


def case(name, expect, named, args, err=(), out=()):
    if name in names:
        raise ValueError("duplicate case " + name)
    names.add(name)
    fields("case", name, expect, named, ",".join(err) or "-", ",".join(out) or "-", *args)


def skip(name, why):
    fields("skip", name, why)


def fail(name, why):
    fields("fail", name, why.replace("\t", " ").replace("\n", " ")[:300])


def write(name, data):
    p = path(name)
    with open(p, "wb" if isinstance(data, (bytes, bytearray)) else "w") as f:
        f.write(data)
    return p


def gcc(args, what):
    r = subprocess.run(["gcc"] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, cwd=out_dir)
    if r.returncode != 0:
        lines = (r.stderr or "").strip().splitlines()
        raise RuntimeError("%s: gcc failed: %s" % (what, lines[-1] if lines else "?"))


# --------------------------------------------------------------------------------------
# ELF headers, read and patched with struct.

EHDR = {
    32: [("e_ident", "16s"), ("e_type", "H"), ("e_machine", "H"), ("e_version", "I"),
         ("e_entry", "I"), ("e_phoff", "I"), ("e_shoff", "I"), ("e_flags", "I"),
         ("e_ehsize", "H"), ("e_phentsize", "H"), ("e_phnum", "H"), ("e_shentsize", "H"),
         ("e_shnum", "H"), ("e_shstrndx", "H")],
    64: [("e_ident", "16s"), ("e_type", "H"), ("e_machine", "H"), ("e_version", "I"),
         ("e_entry", "Q"), ("e_phoff", "Q"), ("e_shoff", "Q"), ("e_flags", "I"),
         ("e_ehsize", "H"), ("e_phentsize", "H"), ("e_phnum", "H"), ("e_shentsize", "H"),
         ("e_shnum", "H"), ("e_shstrndx", "H")],
}
SHDR = {
    32: [(n, "I") for n in ("sh_name", "sh_type", "sh_flags", "sh_addr", "sh_offset",
                            "sh_size", "sh_link", "sh_info", "sh_addralign", "sh_entsize")],
    64: [("sh_name", "I"), ("sh_type", "I"), ("sh_flags", "Q"), ("sh_addr", "Q"),
         ("sh_offset", "Q"), ("sh_size", "Q"), ("sh_link", "I"), ("sh_info", "I"),
         ("sh_addralign", "Q"), ("sh_entsize", "Q")],
}


def layout(spec):
    off, res = 0, {}
    for name, fmt in spec:
        res[name] = (off, fmt)
        off += struct.calcsize("<" + fmt)
    return res


class Elf:
    def __init__(self, data):
        if data[:4] != b"\x7fELF":
            raise ValueError("not ELF")
        self.data = bytearray(data)
        self.cls = {1: 32, 2: 64}[data[4]]
        self.end = "<" if data[5] == 1 else ">"
        self.eh_f = layout(EHDR[self.cls])
        self.sh_f = layout(SHDR[self.cls])

    def _get(self, f, base, name):
        off, fmt = f[name]
        return struct.unpack_from(self.end + fmt, self.data, base + off)[0]

    def _set(self, f, base, name, value):
        off, fmt = f[name]
        struct.pack_into(self.end + fmt, self.data, base + off, value)

    def eh(self, name):
        return self._get(self.eh_f, 0, name)

    def set_eh(self, name, value):
        self._set(self.eh_f, 0, name, value)

    def sh_base(self, i):
        return self.eh("e_shoff") + i * self.eh("e_shentsize")

    def sh(self, i, name):
        return self._get(self.sh_f, self.sh_base(i), name)

    def set_sh(self, i, name, value):
        self._set(self.sh_f, self.sh_base(i), name, value)

    def section(self, want):
        strtab = self.sh(self.eh("e_shstrndx"), "sh_offset")
        for i in range(self.eh("e_shnum")):
            off = strtab + self.sh(i, "sh_name")
            end = self.data.index(b"\0", off)
            if self.data[off:end].decode("latin-1") == want:
                return i
        raise KeyError("no section " + want)


# --------------------------------------------------------------------------------------
# gcc -S -dA output, edited where its comments say.

DIRECTIVE = r"\.(?:byte|value|short|2byte|long|int|4byte|quad|8byte|uleb128|sleb128)"
# gcc's comment marker: "#" on x86, "//" on aarch64, "@" on arm
CMT = r"(?:#|//|@)"
OPERAND = re.compile(r"^(\s*" + DIRECTIVE + r"\s+)([^\s#@]+?)(\s*(?:" + CMT + r".*)?)$")
DIE_HDR = re.compile(r"\(DIE \((0x[0-9a-f]+)\) (DW_TAG_\w+)\)")


class Asm:
    def __init__(self, text):
        self.lines = text.split("\n")

    def text(self):
        return "\n".join(self.lines)

    def find(self, pattern, start=0):
        rx = re.compile(pattern)
        for i in range(start, len(self.lines)):
            if rx.search(self.lines[i]):
                return i
        raise KeyError("no line matches " + pattern)

    def dies(self):
        res = []
        for i, line in enumerate(self.lines):
            m = DIE_HDR.search(line)
            if m:
                res.append((i, int(m.group(1), 16), m.group(2)))
        return res

    def die_end(self, i):
        j = i + 1
        while j < len(self.lines) and not DIE_HDR.search(self.lines[j]) and \
                "end of children" not in self.lines[j]:
            j += 1
        return j

    def attr(self, i, attr):
        rx = re.compile(CMT + r"\s*" + attr + r"\b")
        for j in range(i + 1, self.die_end(i)):
            if rx.search(self.lines[j]):
                return j
        raise KeyError("DIE at line %d has no %s" % (i + 1, attr))

    def die_name(self, i):
        try:
            line = self.lines[self.attr(i, "DW_AT_name")]
        except KeyError:
            return None
        m = re.search(r'DW_AT_name: "([^"]*)"', line) or re.search(r'\.ascii\s+"([^"\\]*)\\0"', line)
        return m.group(1) if m else None

    def die(self, tag, name=None):
        for i, off, t in self.dies():
            if t == tag and (name is None or self.die_name(i) == name):
                return i, off
        raise KeyError("no %s DIE%s" % (tag, " named " + name if name else ""))

    def member(self, struct_name, member):
        i, _ = self.die("DW_TAG_structure_type", struct_name)
        for j, off, t in self.dies():
            if j > i and t == "DW_TAG_member" and self.die_name(j) == member:
                return j, off
        raise KeyError("no member %s.%s" % (struct_name, member))

    def operand(self, j):
        m = OPERAND.match(self.lines[j])
        if not m:
            raise KeyError("line %d is not a data directive: %s" % (j + 1, self.lines[j]))
        return m.group(2)

    def set_operand(self, j, value):
        m = OPERAND.match(self.lines[j])
        if not m:
            raise KeyError("line %d is not a data directive: %s" % (j + 1, self.lines[j]))
        self.lines[j] = m.group(1) + value + m.group(3)

    def abbrev_code(self, i):
        return self.operand(i)

    def abbrev_entry(self, code):
        """First and one-past-last line of the abbreviation CODE in .debug_abbrev."""
        start = self.find(r"^\s*\.section\s+\.debug_abbrev")
        first = self.find(r"^\s*\.uleb128\s+" + re.escape(code) + r"\s*" + CMT + r"\s*\(abbrev code\)",
                           start)
        zero = re.compile(r"^\s*\.byte\s+0\s*(" + CMT + r".*)?$")
        for j in range(first + 1, len(self.lines) - 1):
            if zero.match(self.lines[j]) and zero.match(self.lines[j + 1]) and \
                    "DW_children" not in self.lines[j]:
                return first, j + 2
        raise KeyError("abbreviation %s has no end" % code)

    def string_label(self, i):
        """The .debug_str label of the DIE's DW_AT_name (DW_FORM_strp)."""
        op = self.operand(self.attr(i, "DW_AT_name"))
        if not op.startswith(".L"):
            raise KeyError("DW_AT_name is not in .debug_str: " + op)
        return op

    def set_string(self, label, value_escaped):
        j = self.find(r"^" + re.escape(label) + r":")
        if not re.match(r'^\s*\.string\s+"', self.lines[j + 1]):
            raise KeyError("label %s is not followed by .string" % label)
        self.lines[j + 1] = '\t.string\t"' + value_escaped + '"'


# --------------------------------------------------------------------------------------
# ELF cases.

def gen_elf():
    seed = os.path.join(seeds, "seed.c")
    try:
        gcc(CFLAGS + ["-c", seed, "-o", "seed.o"], "seed.o")
        gcc(CFLAGS + ["-S", "-dA", seed, "-o", "seed.s"], "seed.s")
    except (OSError, RuntimeError) as e:
        skip("elf", "cannot compile %s with gcc: %s" % (seed, e))
        return
    so_ok = True
    try:
        gcc(CFLAGS + ["-shared", "-fPIC", seed, "-o", "seed.so"], "seed.so")
    except (OSError, RuntimeError) as e:
        skip("elf-so", "cannot link a shared object: %s" % e)
        so_ok = False

    good = path("seed.o")
    drift_ref = path("seed-i386.json")

    # The seed has DWARF: whatever is broken, "stripped" (rebuild with -g) is the wrong
    # diagnosis of a damaged file.
    def bad(name, data_or_file, err=(), commands=("dump", "show", "diff", "drift")):
        p = data_or_file if isinstance(data_or_file, str) else write(name + ".o", data_or_file)
        err = tuple(err) + ("!stripped",)
        for cmd in commands:
            if cmd == "diff":
                args = ["diff", good, p]
            elif cmd == "drift":
                args = ["drift", drift_ref, p]
            else:
                args = [cmd, p]
            case("%s %s" % (name, cmd), "1", p, args, err)

    # The seed itself, and the seed assembled from gcc's own assembly: both must work,
    # or every edited case below proves nothing.
    case("elf-control-object dump", "0", good, ["dump", good], out=['"seed_node"'])
    base = open(path("seed.s")).read()
    try:
        gcc(["-c", "seed.s", "-o", "seed-s.o"], "seed-s.o")
        case("elf-control-assembled dump", "0", path("seed-s.o"), ["dump", path("seed-s.o")],
             out=['"seed_node"'])
    except RuntimeError as e:
        fail("elf-control-assembled", str(e))

    data = open(good, "rb").read()
    elf = Elf(data)
    size = len(data)

    # Truncations.
    bad("elf-trunc-magic", data[:4])
    bad("elf-trunc-ehdr", data[:30])
    try:
        info = elf.section(".debug_info")
        mid = elf.sh(info, "sh_offset") + elf.sh(info, "sh_size") // 2
        bad("elf-trunc-section-data", data[:mid])
    except KeyError as e:
        fail("elf-trunc-section-data", str(e))
    shoff = elf.eh("e_shoff")
    bad("elf-trunc-before-shdrs", data[:shoff])
    bad("elf-trunc-inside-shdrs", data[:shoff + 3 * elf.eh("e_shentsize") + 10])
    if so_ok:
        sod = open(path("seed.so"), "rb").read()
        so = Elf(sod)
        bad("elf-trunc-phdrs", sod[:so.eh("e_phoff") + so.eh("e_phentsize") + 8])
        try:
            i = so.section(".debug_info")
            bad("elf-so-trunc-section-data", sod[:so.sh(i, "sh_offset") + 16])
        except KeyError as e:
            fail("elf-so-trunc-section-data", str(e))

    # Header fields.
    def patched(fn):
        e = Elf(data)
        fn(e)
        return bytes(e.data)

    bad("elf-shoff-past-end", patched(lambda e: e.set_eh("e_shoff", size + 4096)))
    bad("elf-shoff-wraps", patched(lambda e: e.set_eh("e_shoff", (1 << e.cls) - 64)))
    bad("elf-shnum-absurd", patched(lambda e: e.set_eh("e_shnum", 0xfeff)))

    def ext_shnum(e):
        e.set_sh(0, "sh_size", 0xffffffff)
        e.set_eh("e_shnum", 0)

    bad("elf-shnum-extended-absurd", patched(ext_shnum))
    # elfutils reads section headers at their real size whatever e_shentsize says: a
    # wrong size alone may be accepted; one that makes the table look smaller than the
    # sections it claims must not fool the bounds checks.
    p = write("elf-shentsize-bogus.o", patched(lambda e: e.set_eh("e_shentsize", 7)))
    case("elf-shentsize-bogus dump", "0|1", p, ["dump", p])

    def small_entries(e):
        e.set_eh("e_shnum", min(size - e.eh("e_shoff") - 1, 0xfeff))
        e.set_eh("e_shentsize", 1)

    bad("elf-shentsize-1-shnum-large", patched(small_entries))
    bad("elf-shstrndx-out-of-range",
        patched(lambda e: e.set_eh("e_shstrndx", e.eh("e_shnum") + 100)))

    def ext_shstrndx(e):
        e.set_sh(0, "sh_link", 0x7fffffff)
        e.set_eh("e_shstrndx", 0xffff)

    bad("elf-shstrndx-extended-absurd", patched(ext_shstrndx))
    bad("elf-class-bogus", patched(lambda e: e.data.__setitem__(4, 7)))
    try:
        info = elf.section(".debug_info")
        bad("elf-section-offset-past-end",
            patched(lambda e: e.set_sh(info, "sh_offset", size + 4096)))
        bad("elf-section-size-past-end",
            patched(lambda e: e.set_sh(info, "sh_size", size)))
        bad("elf-section-size-wraps",
            patched(lambda e: e.set_sh(info, "sh_size", (1 << e.cls) - 16)))
    except KeyError as e:
        fail("elf-section", str(e))
    try:
        rel = elf.section(".rela.debug_info")
        relsz = 24 if elf.cls == 64 else 12

        def reloc_offset(e):
            at = e.sh(rel, "sh_offset") + 3 * relsz
            struct.pack_into(e.end + ("Q" if e.cls == 64 else "I"), e.data, at, 0x7ffffff0)

        def reloc_symbol(e):
            at = e.sh(rel, "sh_offset") + 3 * relsz + (8 if e.cls == 64 else 4)
            if e.cls == 64:
                info_ = struct.unpack_from(e.end + "Q", e.data, at)[0]
                struct.pack_into(e.end + "Q", e.data, at, (0x7fffff << 32) | (info_ & 0xffffffff))
            else:
                info_ = struct.unpack_from(e.end + "I", e.data, at)[0]
                struct.pack_into(e.end + "I", e.data, at, (0xffff << 8) | (info_ & 0xff))

        bad("elf-reloc-offset-past-section", patched(reloc_offset))
        bad("elf-reloc-symbol-out-of-range", patched(reloc_symbol))
    except KeyError as e:
        skip("elf-reloc", "no .rela.debug_info in seed.o (%s)" % e)
    try:
        symtab = elf.section(".symtab")
        bad("elf-symtab-strtab-out-of-range",
            patched(lambda e: e.set_sh(symtab, "sh_link", 0x7fff)))
    except KeyError as e:
        fail("elf-symtab", str(e))

    # Another machine. A relocatable object needs the machine's relocations applied to
    # its DWARF, which no backend knows for a made-up machine: a clean error that says
    # so (not "stripped"). A shared object needs none: it reads, under an "em<N>" arch.
    bad("elf-machine-bogus-object", patched(lambda e: e.set_eh("e_machine", 0x1234)),
        commands=("dump",))
    if so_ok:
        so = Elf(sod)
        so.set_eh("e_machine", 0x1234)
        p = write("elf-machine-bogus-so.so", bytes(so.data))
        case("elf-machine-bogus-so dump", "0", p, ["dump", p], out=['"arch": "em4660-64le"'])
        so = Elf(sod)
        so.set_eh("e_phoff", len(sod) + 4096)
        bad("elf-phoff-past-end", bytes(so.data))
        so = Elf(sod)
        so.set_eh("e_phnum", 0xfffe)
        bad("elf-phnum-absurd", bytes(so.data))

    # DWARF, through the assembly.
    def asm_case(name, edit, expect="1", err=(), commands=("dump", "show", "diff", "drift")):
        a = Asm(base)
        try:
            edit(a)
            write(name + ".s", a.text())
            gcc(["-c", name + ".s", "-o", name + ".o"], name)
        except (KeyError, ValueError, RuntimeError) as e:
            fail(name, "cannot make the input: %s" % e)
            return
        if expect == "1":
            bad(name, path(name + ".o"), err, commands)
            return
        p = path(name + ".o")
        for cmd in commands:
            args = {"diff": ["diff", good, p], "drift": ["drift", drift_ref, p]}.get(cmd, [cmd, p])
            case("%s %s" % (name, cmd), expect, p, args, err)

    def unit_length(a):
        a.set_operand(a.find(CMT + r"\s*Length of Compilation Unit Info"), "0x7ffffff0")

    def version99(a):
        a.set_operand(a.find(CMT + r"\s*DWARF version number"), "0x63")

    def typedef_attr(a, attr, value):
        i, off = a.die("DW_TAG_typedef", "seed_u32")
        a.set_operand(a.attr(i, attr), value if value is not None else hex(off))

    def struct_self(a):
        _, soff = a.die("DW_TAG_structure_type", "seed_node")
        j, _ = a.member("seed_node", "next")
        a.set_operand(a.attr(j, "DW_AT_type"), hex(soff))

    def pointer_self(a):
        j, _ = a.member("seed_node", "next")
        ptr = int(a.operand(a.attr(j, "DW_AT_type")), 0)
        for i, off, tag in a.dies():
            if off == ptr and tag == "DW_TAG_pointer_type":
                a.set_operand(a.attr(i, "DW_AT_type"), hex(off))
                return
        raise KeyError("member next is not a pointer DIE")

    def ref_member(a):
        j, moff = a.member("seed_node", "id")
        i, _ = a.die("DW_TAG_variable", "seed_head")
        a.set_operand(a.attr(i, "DW_AT_type"), hex(moff))

    def huge_bound(a):
        for i, off, tag in a.dies():
            if tag != "DW_TAG_subrange_type":
                continue
            j = a.attr(i, "DW_AT_upper_bound")
            if re.match(r"^\s*\.(quad|8byte)\s", a.lines[j]):
                a.set_operand(j, "0x4000000000000000")
                return
        raise KeyError("no DW_AT_upper_bound in a data8 (char (*seed_big)[1ULL << 40])")

    def member_past_size(a):
        j, _ = a.member("seed_node", "next")
        a.set_operand(a.attr(j, "DW_AT_data_member_location"), "0x40")

    def rename(value):
        def edit(a):
            i, _ = a.die("DW_TAG_structure_type", "seed_node")
            a.set_string(a.string_label(i), value)
        return edit

    def abbrev_missing(a):
        i, _ = a.die("DW_TAG_typedef", "seed_u32")
        first, end = a.abbrev_entry(a.abbrev_code(i))
        del a.lines[first:end]

    def form_bogus(a):
        i, _ = a.die("DW_TAG_typedef", "seed_u32")
        first, end = a.abbrev_entry(a.abbrev_code(i))
        j = a.find(CMT + r"\s*\(DW_AT_type\)", first)
        if j >= end:
            raise KeyError("the typedef's abbreviation has no DW_AT_type")
        a.set_operand(j + 1, "0x7e")

    def sibling(target):
        def edit(a):
            i, off = a.die("DW_TAG_structure_type", "seed_node")
            a.set_operand(a.attr(i, "DW_AT_sibling"), hex(off) if target is None else target)
        return edit

    asm_case("dwarf-unit-length-past-end", unit_length)
    asm_case("dwarf-version-99", version99)
    asm_case("dwarf-ref-nowhere", lambda a: typedef_attr(a, "DW_AT_type", "0x7ffffff0"))
    asm_case("dwarf-ref-not-a-type", ref_member)
    asm_case("dwarf-typedef-self", lambda a: typedef_attr(a, "DW_AT_type", None),
             err=("itself",))
    asm_case("dwarf-struct-contains-itself", struct_self, err=("itself",))
    asm_case("dwarf-array-2e62", huge_bound, err=("too large",))
    asm_case("dwarf-member-past-size", member_past_size)
    asm_case("dwarf-name-not-utf8", rename(r"seed\377\376node"))
    asm_case("dwarf-abbrev-missing", abbrev_missing)
    asm_case("dwarf-form-bogus", form_bogus)
    asm_case("dwarf-sibling-self", sibling(None))
    asm_case("dwarf-sibling-backward", sibling("0xb"))
    asm_case("dwarf-sibling-nowhere", sibling("0x7ffffff0"))
    # Not C, but the model can hold it: read it or refuse it (the diff against the seed
    # may find changes), never hang.
    asm_case("dwarf-pointer-self", pointer_self, expect="0|1|4|8|12")
    # Valid, only large: read it, in bounded time (stderr must stay short all the same).
    # A huge name in an error message: quoted briefly (stderr stays small).
    def huge_name_error(a):
        i, _ = a.die("DW_TAG_typedef", "seed_u32")
        a.set_string(a.string_label(i), "seed_" + "u" * (10 * MB))
        a.set_operand(a.attr(i, "DW_AT_type"), "0x7ffffff0")

    asm_case("dwarf-name-10mb-in-error", huge_name_error, commands=("dump",))
    asm_case("dwarf-name-10mb", rename("seed_" + "n" * (10 * MB)), expect="0",
             commands=("dump", "show"))
    if os.path.exists(path("dwarf-name-10mb.o")):
        p = path("dwarf-name-10mb.o")
        case("dwarf-name-10mb diff", "4|8|12", p, ["diff", good, p])


# --------------------------------------------------------------------------------------
# Stress: valid and large. Exit 0 (or the diff status) in bounded time and memory.

def gen_stress():
    m32 = True
    try:
        gcc(["-m32", "-c", "-x", "c", "/dev/null", "-o", "m32-probe.o"], "-m32")
    except (OSError, RuntimeError):
        m32 = False

    def build(name, src, changed_src=None, show_args=(), show_out=()):
        write(name + ".c", src)
        try:
            gcc(CFLAGS + ["-c", name + ".c", "-o", name + ".o"], name)
        except (OSError, RuntimeError) as e:
            skip(name, str(e))
            return
        p = path(name + ".o")
        case(name + " dump", "0", p, ["dump", "-o", path(name + ".json"), p])
        case(name + " show", "0", p, ["show", p] + list(show_args), out=show_out)
        case(name + " diff-self", "0", p, ["diff", p, p])
        if changed_src:
            write(name + "-v2.c", changed_src)
            try:
                gcc(CFLAGS + ["-c", name + "-v2.c", "-o", name + "-v2.o"], name)
                case(name + " diff-changed", "4|8|12", p, ["diff", p, path(name + "-v2.o")])
            except (OSError, RuntimeError) as e:
                fail(name + " diff-changed", str(e))
        if m32:
            try:
                gcc(CFLAGS + ["-m32", "-c", name + ".c", "-o", name + "-32.o"], name)
                case(name + " drift", "0|4|8|12", p, ["drift", p, path(name + "-32.o")])
            except (OSError, RuntimeError) as e:
                fail(name + " drift", str(e))
        else:
            skip(name + " drift", "gcc -m32 does not work here")

    n = 10000

    def typedef_chain(base):
        lines = ["typedef %s t0;" % base]
        lines += ["typedef t%d t%d;" % (i - 1, i) for i in range(1, n)]
        lines.append("struct deep { t%d x; };" % (n - 1))
        lines.append("struct deep deep_v;")
        return "\n".join(lines) + "\n"

    # The size shown must be that of the int at the bottom of the chain.
    build("stress-typedef-chain-10k", typedef_chain("int"), typedef_chain("long long"),
          show_args=("struct deep",), show_out=("size 4,",))

    def pointer_chain(base):
        lines = ["typedef %s p0;" % base]
        lines += ["typedef p%d *p%d;" % (i - 1, i) for i in range(1, n)]
        lines.append("p%d chain_v;" % (n - 1))
        lines.append("struct holder { p%d p; p0 base; };" % (n - 1))
        lines.append("struct holder holder_v;")
        return "\n".join(lines) + "\n"

    build("stress-pointer-chain-10k", pointer_chain("int"), pointer_chain("long long"),
          show_args=("struct holder",), show_out=("size 16,",))

    def stars(base):
        return "%s %s stars_v;\nstruct starholder { %s %s p; };\nstruct starholder sh_v;\n" % (
            base, "*" * n, base, "*" * n)

    build("stress-star-chain-10k", stars("int"), stars("long long"))

    m = 100000

    def wide(last):
        body = "".join("\tint m%d;\n" % i for i in range(m - 1))
        return "struct wide {\n%s\t%s m%d;\n};\nstruct wide wide_v;\n" % (body, last, m - 1)

    build("stress-struct-100k-members", wide("int"), wide("long long"),
          show_args=("struct wide",), show_out=("members: %d" % m,))


# --------------------------------------------------------------------------------------
# Baselines.

def gen_baselines():
    src = os.path.join(seeds, "seed-old.json")
    good = json.load(open(src))
    old = path("seed-old.json")
    shutil.copy(src, old)
    shutil.copy(os.path.join(seeds, "seed-new.json"), path("seed-new.json"))
    i386 = json.loads(json.dumps(good))
    i386["target"] = {"arch": "i386", "byte_order": "little", "class": 32, "long_size": 4,
                      "machine": 3, "pointer_size": 4}
    write("seed-i386.json", json.dumps(i386, indent=1, sort_keys=True))

    def key(kind, name=None):
        for k, v in good["types"].items():
            if v["kind"] == kind and (name is None or v.get("name") == name):
                return k
        raise KeyError("no %s %s in %s" % (kind, name or "", src))

    node = key("struct", "seed_node")
    u32 = key("typedef", "seed_u32")
    func = key("func", "seed_count")
    char = key("int", "char")

    def bad(name, text_or_fn, err=(), expect="1"):
        if callable(text_or_fn):
            b = json.loads(json.dumps(good))
            try:
                text_or_fn(b)
            except (KeyError, IndexError) as e:
                fail(name, "cannot make the input: %r" % e)
                return
            text = json.dumps(b, indent=1, sort_keys=True)
        else:
            text = text_or_fn
        p = write(name + ".json", text.encode("utf-8", "surrogateescape")
                  if isinstance(text, str) else text)
        case(name + " dump", expect, p, ["dump", p], err)
        case(name + " show", expect, p, ["show", p], err)
        case(name + " diff", expect, p, ["diff", old, p], err)

    def member(b, name):
        for m in b["types"][node]["members"]:
            if m.get("name") == name:
                return m
        raise KeyError(name)

    # Missing fields.
    bad("baseline-missing-target", lambda b: b.pop("target"), err=("target",))
    bad("baseline-missing-types", lambda b: b.pop("types"), err=("types",))
    bad("baseline-missing-struct-size", lambda b: b["types"][node].pop("size"), err=("size",))
    bad("baseline-missing-member-type", lambda b: member(b, "next").pop("type"), err=("type",))
    bad("baseline-missing-kind", lambda b: b["types"][u32].pop("kind"), err=("kind",))
    bad("baseline-missing-symbol-name", lambda b: b["symbols"][0].pop("name"), err=("name",))
    # Wrong JSON types.
    bad("baseline-wrong-type-size-string",
        lambda b: b["types"][node].__setitem__("size", "24"), err=("size",))
    bad("baseline-wrong-type-members-object",
        lambda b: b["types"][node].__setitem__("members", {}), err=("members",))
    bad("baseline-wrong-type-bit-offset-real",
        lambda b: member(b, "next").__setitem__("bit_offset", 128.5), err=("bit_offset",))
    bad("baseline-wrong-type-signed-number",
        lambda b: b["types"][char].__setitem__("signed", 1), err=("signed",))
    bad("baseline-wrong-type-symbols-object",
        lambda b: b.__setitem__("symbols", {}), err=("symbols",))
    bad("baseline-wrong-type-type-record-array",
        lambda b: b["types"].__setitem__(u32, []), err=(u32,))
    bad("baseline-wrong-type-member-null",
        lambda b: b["types"][node]["members"].__setitem__(0, None))
    bad("baseline-top-level-array", "[" + json.dumps(good) + "]")
    bad("baseline-empty-object", "{}", err=("abidrift",))
    bad("baseline-unknown-kind",
        lambda b: b["types"][u32].__setitem__("kind", "klass"), err=("klass",))
    bad("baseline-key-not-fingerprint",
        lambda b: b["types"].__setitem__("not-a-fingerprint", b["types"].pop(u32)))
    # Duplicate keys: jansson sees them, json.dumps cannot write them.
    text = json.dumps(good, indent=1, sort_keys=True)
    dup = '"%s": %s,\n  ' % (u32, json.dumps(good["types"][u32]))
    at = text.index('"%s": {' % u32)
    bad("baseline-duplicate-type-id", text[:at] + dup + text[at:], err=("duplicate",))
    at = text.index('"abidrift": 1')
    bad("baseline-duplicate-top-key", text[:at] + '"abidrift": 1, ' + text[at:],
        err=("duplicate",))
    # A symbol twice: the same name and version cannot be exported twice.
    bad("baseline-duplicate-symbol",
        lambda b: b["symbols"].append(json.loads(json.dumps(b["symbols"][0]))),
        err=(good["symbols"][0]["name"],))
    # Dangling references.
    bad("baseline-dangling-member",
        lambda b: member(b, "next").__setitem__("type", "00000000deadbeef"),
        err=("00000000deadbeef",))
    bad("baseline-dangling-symbol",
        lambda b: b["symbols"][0].__setitem__("type", "00000000deadbeef"),
        err=("00000000deadbeef",))
    bad("baseline-ref-func-as-member-type",
        lambda b: member(b, "next").__setitem__("type", func))
    # Cycles by value.
    bad("baseline-struct-contains-itself",
        lambda b: member(b, "next").__setitem__("type", node), err=("itself",))

    def two_cycle(b):
        other = "00000000000c0c0a"
        b["types"][other] = {"kind": "struct", "name": "cyc", "size": 24, "align": 8,
                             "members": [{"name": "n", "type": node, "bit_offset": 0}]}
        member(b, "next")["type"] = other

    bad("baseline-structs-contain-each-other", two_cycle, err=("itself",))
    bad("baseline-typedef-self", lambda b: b["types"][u32].__setitem__("type", u32),
        err=("itself",))

    def huge_array(b):
        b["types"]["000000000000a2e6"] = {"kind": "array", "type": char, "count": 1 << 62,
                                          "size": 1 << 62}
        b["types"][node]["members"].append(
            {"name": "huge", "type": "000000000000a2e6", "bit_offset": 256})

    bad("baseline-array-2e62", huge_array, err=("too large",))
    bad("baseline-member-past-size",
        lambda b: member(b, "next").__setitem__("bit_offset", 8 * 1024))
    # Not JSON.
    raw = text.replace('"seed_node"', '"seed_\udcff\udcfenode"', 1)
    bad("baseline-not-utf8", raw.encode("utf-8", "surrogateescape"))
    deep = 100000
    bad("baseline-deep-nesting",
        '{"abidrift": 1, "x": ' + "[" * deep + "]" * deep + "}")
    bad("baseline-int-too-big",
        text.replace('"size": 24', '"size": 99999999999999999999999', 1))
    bad("baseline-real-overflow", text.replace('"size": 24', '"size": 1e999', 1))
    bad("baseline-size-negative", lambda b: b["types"][node].__setitem__("size", -24),
        err=("size",))
    bad("baseline-line-too-big", lambda b: b["types"][node].__setitem__("line", 1 << 40),
        err=("line",))
    bad("baseline-machine-too-big", lambda b: b["target"].__setitem__("machine", 70000),
        err=("machine",))
    bad("baseline-align-not-power-of-2", lambda b: b["types"][node].__setitem__("align", 12),
        err=("align",))
    bad("baseline-count-int64-max",
        lambda b: b["types"][key("array")].__setitem__("count", (1 << 63) - 1),
        err=("too large",))

    # Valid and large: bounded time and memory.
    def big_name(b):
        b["types"][node]["name"] = "n" * (10 * MB)

    big = json.loads(json.dumps(good))
    big_name(big)
    p = write("baseline-name-10mb.json", json.dumps(big, indent=1, sort_keys=True))
    case("baseline-name-10mb dump", "0", p, ["dump", p])

    def huge_symbol_error(b):
        b["symbols"][0]["name"] = "s" * (10 * MB)
        b["symbols"][0]["colour"] = "blue"

    bad("baseline-name-10mb-in-error", huge_symbol_error, err=("colour",))
    case("baseline-name-10mb show", "0", p, ["show", p])
    case("baseline-name-10mb diff", "4|8|12", p, ["diff", old, p])

    # A million members, written by hand: json.dumps of such a tree is slow.
    nm = 1000000
    intk = key("int", "int")
    p = path("baseline-million-members.json")
    with open(p, "w") as f:
        f.write('{"abidrift": 1, "file_kind": "relocatable", "symbols": [], ')
        f.write('"target": %s, "types": {' % json.dumps(good["target"]))
        f.write('"%s": %s, ' % (intk, json.dumps(good["types"][intk])))
        f.write('"000000000000f1de": {"kind": "struct", "name": "wide", "size": %d, '
                '"align": 4, "members": [' % (4 * nm))
        f.write(", ".join('{"name": "m%d", "type": "%s", "bit_offset": %d}' % (i, intk, 32 * i)
                          for i in range(nm)))
        f.write("]}}}\n")
    case("baseline-million-members dump", "0", p, ["dump", "-o", path("million-out.json"), p])
    case("baseline-million-members show", "0", p, ["show", p, "struct wide"],
         out=("members: %d" % nm,))
    case("baseline-million-members diff", "0", p, ["diff", p, p])


# --------------------------------------------------------------------------------------
# Suppression files, through `abidrift diff --suppressions FILE old new`.

def gen_suppressions():
    old, new = path("seed-old.json"), path("seed-new.json")

    def run(name, content, expect, err=(), out=()):
        p = write(name + ".abignore", content)
        case(name, expect, p, ["diff", "--suppressions", p, old, new], err, out)

    for f in sorted(os.listdir(seeds)):
        if f.endswith(".abignore"):
            name = "suppress-" + f[:-len(".abignore")]
            src = os.path.join(seeds, f)
            first = open(src, "rb").readline().decode("utf-8", "replace")
            # "# expect: STATUS [WORD...]" on the first line of a seed
            m = re.match(r"#\s*expect:\s*(\S+)\s*(.*)$", first.strip())
            if not m:
                fail(name, "%s does not start with '# expect: STATUS [WORD...]'" % f)
                continue
            run(name, open(src, "rb").read(), m.group(1), tuple(m.group(2).split()))

    run("suppress-regex-10mb", "[suppress_type]\nname_regexp = " + "a" * (10 * MB) + "\n", "1",
        err=("longer than",))
    # A long but valid rule: it matches nothing, the changes stay (12).
    run("suppress-line-10mb", "[suppress_type]\nname = " + "a" * (10 * MB) + "\n", "12")
    run("suppress-comment-10mb", "# " + "c" * (10 * MB) + "\n[suppress_type]\nname = x\n", "12")
    run("suppress-key-10mb", "[suppress_type]\n" + "k" * (10 * MB) + " = x\n", "1",
        err=("unknown key",))
    run("suppress-section-10mb", "[" + "s" * (10 * MB) + "]\nname = x\n", "1",
        err=("unknown section",))
    run("suppress-nul-byte", b"[suppress_type]\nname = seed\0node\n", "1", err=("NUL",))
    run("suppress-nul-only", b"\0" * 4096, "1", err=("NUL",))
    run("suppress-binary", bytes((i * 151 + 7) % 256 for i in range(65536)), "1")
    run("suppress-unterminated-quote", '[suppress_type]\nname = "seed_node\n', "1",
        err=("quote",))
    run("suppress-continuations-100k",
        "[suppress_type]\nname = seed_\\\n" + "x\\\n" * 100000 + "node\n", "12")
    # 100,000 valid sections; the last two suppress every change: exit 0.
    n = 100000
    parts = ["[suppress_type]\nname = unused_%d\n" % i for i in range(n - 2)]
    parts.append("[suppress_type]\nname = seed_node\n")
    parts.append("[suppress_variable]\nsymbol_name = seed_big\n")
    run("suppress-100k-sections", "".join(parts), "0")
    # 100,000 broken sections: the reader gives up after a few errors.
    run("suppress-100k-bad-sections", "[suppress_nothing]\n" * n, "1",
        err=("too many errors",))
    # A catastrophic regular expression: small to write, huge for regcomp() to build.
    # Refused (1) or compiled (12: it matches nothing), but within the memory limit.
    run("suppress-regex-bomb", "[suppress_type]\nname_regexp = ((a{1,200}){1,200}){1,200}\n",
        "1|12")


# --------------------------------------------------------------------------------------
# Regression inputs the fuzzers found (SEEDS/fuzz, kept by the fuzzing work): whatever
# they mean, never a crash, a hang or a runaway allocation; an error is well formed.

def gen_fuzz():
    d = os.path.join(seeds, "fuzz")
    if not os.path.isdir(d):
        return
    old, new = path("seed-old.json"), path("seed-new.json")
    for f in sorted(os.listdir(d)):
        p = os.path.join(d, f)
        if not os.path.isfile(p):
            continue
        name = "fuzz-" + re.sub(r"[^A-Za-z0-9_.+-]", "_", re.sub(r"^fuzz_", "", f))
        if "suppress" in f:
            case(name, "0|1|4|8|12", p, ["diff", "--suppressions", p, old, new])
        else:
            for cmd in ("dump", "show"):
                case(name + " " + cmd, "0|1", p, [cmd, p])


# --------------------------------------------------------------------------------------

def measure(rss_file, seconds, cmd):
    """Run CMD with a time limit; write its peak RSS (KiB); exit with its status.

    The peak counts the forked Python before the exec (some 15 MB): an overestimate, on
    the safe side of a limit of gigabytes."""
    import signal
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)

    expired = []

    def expire(signum, frame):
        expired.append(True)
        os.kill(pid, signal.SIGKILL)

    signal.signal(signal.SIGALRM, expire)
    signal.alarm(int(seconds))
    while True:
        try:
            _, status, ru = os.wait4(pid, 0)
            break
        except InterruptedError:
            continue
    signal.alarm(0)
    timed_out = bool(expired)
    with open(rss_file, "w") as f:
        f.write("%d\n" % ru.ru_maxrss)
    if timed_out:
        sys.exit(124)
    if os.WIFSIGNALED(status):
        sys.exit(128 + os.WTERMSIG(status))
    sys.exit(os.WEXITSTATUS(status))


def main():
    global out_dir, seeds
    if len(sys.argv) > 1 and sys.argv[1] == "--measure":
        measure(sys.argv[2], sys.argv[3], sys.argv[4:])
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    seeds, out_dir = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    os.makedirs(out_dir, exist_ok=True)
    # the baselines first: the ELF cases use seed-i386.json for drift
    for gen in (gen_baselines, gen_suppressions, gen_elf, gen_stress, gen_fuzz):
        try:
            gen()
        except Exception as e:  # a bug here: report it, keep the other groups
            fail(gen.__name__, "%s: %s" % (type(e).__name__, e))
    # the long runs first, so that the short ones fill the gaps between them
    heavy = re.compile(r"million|100k|10k|bomb")
    manifest.sort(key=lambda line: 0 if heavy.search(line.split("\t")[1]) else 1)
    with open(os.path.join(out_dir, "manifest"), "w") as f:
        f.write("\n".join(manifest) + "\n")


if __name__ == "__main__":
    main()
