"""Parsers for the two struct layout views the end-to-end tests compare.

`abidrift show` and `pahole` print much the same picture of a struct: one line per
member with a trailing `/* OFFSET SIZE */` comment (`/* UNIT:BIT SIZE */` for a
bitfield), anonymous structs and unions expanded inline at absolute offsets, holes as
comments between members, and a summary at the end. Both are parsed here into Layout
objects, by regular expressions on the comments, never by column: only the facts the
tests compare are kept (sizes, member offsets, absolute bit offsets, holes, padding).
"""

import re
import subprocess

# A member line: declaration, semicolon, then the offset comment. pahole writes
# "/*     4: 1  2 */" for bitfields, abidrift "/*     4:1   2 */".
MEMBER_RE = re.compile(
    r"^(?P<decl>\S.*?);\s*/\*\s*(?P<off>\d+)(?::\s*(?P<bit>\d+))?\s+(?P<size>\d+)\s*\*/\s*$"
)
# An anonymous struct or union opening; abidrift puts its offset comment here.
# (pahole -a writes "typedef union {" for the nested definitions described below.)
OPEN_RE = re.compile(
    r"^(?:typedef\s+)?(?P<kind>struct|union)\s*\{\s*(?:/\*\s*(?P<off>\d+)\s+(?P<size>\d+)\s*\*/)?\s*$"
)
# A nested close; pahole puts the nested aggregate's offset comment here. A close
# without one, or with a name ("} x;"), ends a nested type *definition* that pahole
# 1.24 prints for clang's DWARF, where anonymous aggregates' types are children of the
# enclosing struct: it is not a member, and its offsets are relative.
CLOSE_RE = re.compile(
    r"^\}\s*(?P<name>[A-Za-z_]\w*)?\s*;\s*(?:/\*\s*(?P<off>\d+)\s+(?P<size>\d+)\s*\*/)?\s*$"
)
# Top-level headers.
TOP_RE = re.compile(r"^(?P<typedef>typedef\s+)?(?P<kind>struct|union)(?:\s+(?P<name>[A-Za-z_]\w*))?\s*\{(?P<rest>.*)$")
TOP_END_RE = re.compile(r"^\}\s*(?P<name>[A-Za-z_]\w*)?.*;\s*$")

PAHOLE_HOLE_RE = re.compile(r"/\*\s*XXX\s+(\d+)\s+bytes?\s+hole")
PAHOLE_BITHOLE_RE = re.compile(r"/\*\s*XXX\s+(\d+)\s+bits?\s+hole")
PAHOLE_SIZE_RE = re.compile(r"/\*\s*size:\s*(\d+),")
PAHOLE_PADDING_RE = re.compile(r"/\*\s*padding:\s*(\d+)\s*\*/")

SHOW_HOLE_RE = re.compile(r"/\*\s*hole:\s*(\d+)\s+bytes?\s*\*/")
SHOW_BITHOLE_RE = re.compile(r"/\*\s*bit hole:\s*(\d+)\s+bits?\s*\*/")
SHOW_HEADER_RE = re.compile(r"/\*\s*size\s+(\d+),\s*align\s+(\d+)")
SHOW_TAIL_RE = re.compile(r"/\*\s*tail padding:\s*(\d+)")
SHOW_SUMMARY_RE = re.compile(r"/\*\s*size:\s*(\d+),\s*align:\s*(\d+),.*tail padding:\s*(\d+)")
SHOW_TARGET_RE = re.compile(r"^target:\s*(\S+)")

FUNC_PTR_NAME_RE = re.compile(r"\(\s*\*+\s*(?:(?:const|volatile|restrict)\s+)*([A-Za-z_]\w*)")
IDENT_RE = re.compile(r"[A-Za-z_]\w*")


class Member:
    """One member; nested anonymous aggregates are members named '{struct}'/'{union}'."""

    def __init__(self, name, off, bit, size, depth):
        self.name = name
        self.off = off  # byte offset (of the storage unit, for a bitfield)
        self.bit = bit  # bit within the unit, or None when not a bitfield
        self.size = size
        self.depth = depth

    @property
    def is_bitfield(self):
        return self.bit is not None

    @property
    def abs_bit(self):
        return self.off * 8 + (self.bit or 0)

    def describe(self):
        if self.is_bitfield:
            return "%s @%d:%d (bit %d) size %d" % (self.name, self.off, self.bit, self.abs_bit, self.size)
        return "%s @%d size %d" % (self.name, self.off, self.size)


class Layout:
    def __init__(self, kind, name, typedef):
        self.kind = kind
        self.name = name  # tag, or typedef name for a typedef of an anonymous aggregate
        self.typedef = typedef
        self.size = None
        self.align = None
        self.padding = None
        self.members = []
        self.holes = []  # (name of the member before the hole, bytes)
        self.bit_holes = []  # (name of the member before the hole, bits)
        self.lines = []

    @property
    def key(self):
        if self.typedef or not self.name:
            return self.name
        return "%s %s" % (self.kind, self.name)

    def member(self, name):
        for m in self.members:
            if m.name == name:
                return m
        return None

    def text(self):
        return "\n".join(self.lines)


def member_name(decl):
    """The declared name in a member declaration, or None for an unnamed bitfield."""
    decl = decl.strip()
    m = re.match(r"^(?P<body>.*?)\s*:\s*\d+$", decl)
    if m:
        body = m.group("body")
        # pahole and abidrift write unnamed bitfields as "TYPE :N" (space before ':')
        if re.search(r"\s:\s*\d+$", decl) or not body:
            return None
        decl = body
    m = FUNC_PTR_NAME_RE.search(decl)
    if m:
        return m.group(1)
    decl = re.sub(r"(\[[^\]]*\]\s*)+$", "", decl).strip()
    idents = IDENT_RE.findall(decl)
    return idents[-1] if idents else None


def _parse(text, flavour):
    """Split a view into Layouts. FLAVOUR is 'show' or 'pahole'."""
    layouts = []
    cur = None
    stack = []  # open nested aggregates: index into cur.members (show) or kind (pahole)
    last_name = None
    target = None
    for raw in text.splitlines():
        line = raw.rstrip()
        s = line.strip()
        if cur is None:
            m = SHOW_TARGET_RE.match(line)
            if m and target is None:
                target = m.group(1)
                continue
            m = TOP_RE.match(line)
            if m:
                cur = Layout(m.group("kind"), m.group("name"), bool(m.group("typedef")))
                cur.lines.append(line)
                stack = []
                last_name = None
                h = SHOW_HEADER_RE.search(m.group("rest") or "")
                if h:
                    cur.size, cur.align = int(h.group(1)), int(h.group(2))
            continue
        cur.lines.append(line)
        if not line.startswith((" ", "\t")) and s.startswith("}"):
            # end of the top-level aggregate
            m = TOP_END_RE.match(s)
            if m and m.group("name") and m.group("name") != "__attribute__":
                if cur.name is None or cur.typedef:
                    cur.name = m.group("name")
                    cur.typedef = True
            layouts.append(cur)
            cur = None
            continue
        if flavour == "pahole":
            m = PAHOLE_HOLE_RE.search(s)
            if m:
                cur.holes.append((last_name, int(m.group(1))))
                continue
            m = PAHOLE_BITHOLE_RE.search(s)
            if m:
                cur.bit_holes.append((last_name, int(m.group(1))))
                continue
            m = PAHOLE_SIZE_RE.search(s)
            if m and not stack:
                cur.size = int(m.group(1))
                continue
            m = PAHOLE_PADDING_RE.search(s)
            if m and not stack:
                cur.padding = int(m.group(1))
                continue
        else:
            m = SHOW_HOLE_RE.search(s)
            if m:
                cur.holes.append((last_name, int(m.group(1))))
                continue
            m = SHOW_BITHOLE_RE.search(s)
            if m:
                cur.bit_holes.append((last_name, int(m.group(1))))
                continue
            m = SHOW_SUMMARY_RE.search(s)
            if m and not stack:
                cur.size, cur.align, cur.padding = int(m.group(1)), int(m.group(2)), int(m.group(3))
                continue
            m = SHOW_TAIL_RE.search(s)
            if m and not stack:
                cur.padding = int(m.group(1))
                continue
        m = OPEN_RE.match(s)
        if m:
            name = "{%s}" % m.group("kind")
            off = int(m.group("off")) if m.group("off") is not None else None
            size = int(m.group("size")) if m.group("size") is not None else None
            stack.append((len(cur.members), len(cur.holes), len(cur.bit_holes), last_name))
            cur.members.append(Member(name, off, None, size, len(stack) - 1))
            last_name = name
            continue
        m = CLOSE_RE.match(s)
        if m and stack:
            idx, nholes, nbitholes, before = stack.pop()
            if flavour == "pahole" and (m.group("off") is None or m.group("name")):
                # a nested type definition, not a member: forget it
                del cur.members[idx:]
                del cur.holes[nholes:]
                del cur.bit_holes[nbitholes:]
                last_name = before
                continue
            if m.group("off") is not None:
                mem = cur.members[idx]
                mem.off, mem.size = int(m.group("off")), int(m.group("size"))
            last_name = cur.members[idx].name
            continue
        m = MEMBER_RE.match(s)
        if m:
            name = member_name(m.group("decl"))
            if name is None:
                continue
            bit = m.group("bit")
            cur.members.append(
                Member(name, int(m.group("off")), int(bit) if bit is not None else None, int(m.group("size")), len(stack))
            )
            last_name = name
            continue
    if cur is not None:
        cur.lines.append("(unterminated)")
        layouts.append(cur)
    return target, layouts


def parse_show(text):
    """(target arch or None, [Layout]) from `abidrift show` output."""
    return _parse(text, "show")


def parse_pahole(text):
    """[Layout] from `pahole` output."""
    return _parse(text, "pahole")[1]


def run(argv, timeout=60):
    """(exit status, stdout, stderr) of ARGV; status -1 if it could not run."""
    try:
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as e:
        return -1, "", str(e)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
