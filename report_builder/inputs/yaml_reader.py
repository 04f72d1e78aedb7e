"""Reads one YAML file into plain Python values, remembering where each value stood.

PyYAML's loaders lose positions, keep the last of two duplicate keys, and expand
aliases without limit. This reader takes libyaml's node tree instead (composed in C where
available, which bounds nesting at 1,000 levels) and builds the values itself, so it sees
every key with its line and column, and refuses what a hand-written submission never
needs: tags, aliases, several documents, deep nesting.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from report_builder.diagnostics import (
    Diagnostic,
    Path_,
    Severity,
    Shown,
    format_path,
    name_in_report,
)
from report_builder.inputs.models import FREE_TEXT

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Position = tuple[int, int]


_resolve: Callable[[Any, type[yaml.Node], str, tuple[bool, bool]], str] = _Loader.resolve
# Tags of short plain values by (value, implicit when quoted): see _Reader.
_TAGS: dict[tuple[str, bool], str] = {}


class _Reader(_Loader):
    """libyaml's loader, remembering the tags of short plain values: keys, statuses, years
    and dates recur in every file, and PyYAML's resolver tries its regular expressions on
    each occurrence."""

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is not yaml.ScalarNode or not implicit[0] or len(value) > 40:
            return _resolve(self, kind, value, implicit)
        key = (value, implicit[1])
        tag = _TAGS.get(key)
        if tag is None:
            if len(_TAGS) > 10_000:  # a bound, for a process that reads many files
                _TAGS.clear()
            tag = _TAGS[key] = _resolve(self, kind, value, implicit)
        return tag


# Characters that XML 1.0 forbids, plus those docxtpl turns into document structure
# (\a new paragraph, \f page break, \v), and the C1 controls that YAML forbids raw.
_FORBIDDEN_RAW = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)
FORBIDDEN_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_YAML = "tag:yaml.org,2002:"
# The keys whose values are prose, or lists of prose, for the hint on a syntax error there.
_TEXT_FIELDS = frozenset(path[-1] for path in FREE_TEXT if path[-1] != "*")
_TEXT_LISTS = frozenset(path[-2] for path in FREE_TEXT if path[-1] == "*")
_TROUBLE = "Text that contains ': ' or ' #', or starts with -, @, *, ` or a quote,"
# The tags each kind of node may carry: YAML's own, resolved or written out.
_ALLOWED_TAGS: dict[type[yaml.Node], set[str]] = {
    yaml.ScalarNode: {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp")},
    yaml.SequenceNode: {_YAML + "seq"},
    yaml.MappingNode: {_YAML + "map"},
}
_STR = "tag:yaml.org,2002:str"
_NUMBERS = {_YAML + "int", _YAML + "float"}
# A number longer than this is no figure a report shows: the longest float Python
# prints has 24 characters.
_MAX_NUMBER_CHARS = 100
# Numbers as people write them. YAML 1.1 also reads 012 as octal (10), 0x43 as hex, 6_7
# as 67 and 1:30 as sexagesimal (90): values that change silently, so they are refused.
_PLAIN_NUMBER = re.compile(
    r"[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
# A key and its colon at the start of a line, after an optional list dash.
_KEY = re.compile(r"\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*:(?:\s|$)")
# Parser messages that, outside a text value, mean a line is indented wrongly.
_INDENTATION_PROBLEMS = (
    "mapping values are not allowed",
    "did not find expected key",
    "expected <block end>",
    "did not find expected '-' indicator",
    "could not find expected ':'",
)
_constructor = SafeConstructor()


@dataclass(frozen=True)
class Limits:
    """Bounds on what one input file may contain; each has a documented default."""

    max_bytes: int = 1024 * 1024
    max_depth: int = 20
    max_scalar_chars: int = 20_000
    max_errors: int = 50


DEFAULT_LIMITS = Limits()


@dataclass
class YamlDocument:
    """The values of one file, and the node tree that says where each stood.

    Positions are looked up only when a problem needs one, by walking the tree along the
    problem's path, so valid files pay nothing for them.
    """

    file: str
    data: Any = None
    root: yaml.Node | None = None
    problems: list[Diagnostic] = field(default_factory=list)
    text: str = ""

    def position(self, path: Path_, *, key: bool = False) -> Position:
        """Where ``path`` stood (1-based); with ``key``, where its key stood; for a path
        that is absent, where its nearest parent began."""
        node = self.root
        if node is None:
            return (1, 1)
        mark = node.start_mark
        for i, part in enumerate(path):
            child = _child(node, part)
            if child is None:
                break
            key_node, node = child
            mark = key_node.start_mark if key and i == len(path) - 1 else node.start_mark
        if not key and isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
            # A block scalar starts at its '>-'; the text to correct is on the lines below.
            lines = self.text.splitlines()[mark.line + 1 : node.end_mark.line + 1]
            for number, line in enumerate(lines, start=mark.line + 2):
                if line.strip():
                    return (number, len(line) - len(line.lstrip()) + 1)
        return (mark.line + 1, mark.column + 1)

    def node_at(self, path: Path_) -> yaml.Node | None:
        """The node of the value at ``path``, or None where the file has none."""
        node = self.root
        for part in path:
            child = _child(node, part) if node is not None else None
            if child is None:
                return None
            node = child[1]
        return node

    def text_position(self, path: Path_, text: str, occurrence: int = 0) -> Position:
        """Where the ``occurrence``-th (from 0) ``text`` in the value at ``path`` stands in
        the file: as typed, or for one character in double quotes maybe escaped
        (``\\u202e``); where the value stands when that cannot be told (a text folded
        across lines)."""
        node = self.node_at(path)
        if not isinstance(node, yaml.ScalarNode):
            return self.position(path)
        start = node.start_mark.index
        pattern = re.escape(text)
        if len(text) == 1 and node.style == '"':
            # A backslash escaped is matched too, so that '\\u202e' is not taken for one.
            code = ord(text)
            pattern = rf"\\\\|{pattern}|\\u(?i:{code:04x})|\\U(?i:{code:08x})"
        found = (
            m.start()
            for m in re.finditer(pattern, self.text[start : node.end_mark.index])
            if m.group() != "\\\\"
        )
        at = next(itertools.islice(found, occurrence, None), None)
        if at is None:
            return self.position(path)
        return _position_in(self.text, start + at)

    def typed(self, path: Path_) -> str | None:
        """The text of the value at ``path`` as the file has it (``yes``, not True), or
        None when ``path`` is not a single value in the file."""
        node = self.node_at(path)
        return node.value if isinstance(node, yaml.ScalarNode) else None

    def comment_only(self, path: Path_) -> bool:
        """Whether the value at ``path`` is empty because a '#' after its '-' or its key
        began a comment (``- #1 guide published``)."""
        node = self.node_at(path)
        if not isinstance(node, yaml.ScalarNode) or node.value or node.style:
            return False
        lines = self.text.splitlines()
        mark = node.start_mark
        return mark.line < len(lines) and lines[mark.line][mark.column :].lstrip().startswith("#")

    def values_at(self, pattern: tuple[str, ...]) -> Iterator[tuple[Path_, yaml.ScalarNode]]:
        """Every single value whose path matches ``pattern`` ("*" for any list index)."""
        found: list[tuple[Path_, yaml.Node]] = [((), self.root)] if self.root else []
        for part in pattern:
            deeper: list[tuple[Path_, yaml.Node]] = []
            for path, node in found:
                if part == "*" and isinstance(node, yaml.SequenceNode):
                    deeper += [((*path, i), item) for i, item in enumerate(node.value)]
                elif part != "*" and (child := _child(node, part)) is not None:
                    deeper.append(((*path, part), child[1]))
            found = deeper
        for path, node in found:
            if isinstance(node, yaml.ScalarNode):
                yield path, node

    def error(self, path: Path_, message: str, *, key: bool = False, subject: str = "") -> None:
        line, column = self.position(path, key=key)
        self.problems.append(self.diagnostic(line, column, subject, message))

    def warn(
        self, path: Path_, message: str, *, subject: str = "", shown: Shown = Shown.ALWAYS
    ) -> None:
        line, column = self.position(path)
        self.problems.append(
            self.diagnostic(line, column, subject, message, Severity.WARNING, shown)
        )

    def diagnostic(
        self,
        line: int,
        column: int,
        subject: str,
        message: str,
        severity: Severity = Severity.ERROR,
        shown: Shown = Shown.ALWAYS,
    ) -> Diagnostic:
        """A problem about ``subject`` (a path such as ``reports[3].status``), which the
        message names as the person sees it: ``paragraph 67, status``."""
        label, paragraph = name_in_report(subject, self.data)
        return Diagnostic(
            self.file, line, column, subject, message, severity, shown, label, paragraph
        )


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node, yaml.Node] | None:
    """The (key node, value node) of ``part`` inside ``node``; for a list item, the item
    twice."""
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
        if 0 <= part < len(node.value):
            return node.value[part], node.value[part]
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                return key_node, value_node
    return None


def too_big(file: str, size: int, limits: Limits) -> Diagnostic:
    return Diagnostic(
        file,
        0,
        0,
        "",
        f"the file is {size:,} bytes, over the limit of {limits.max_bytes:,}; shorten the "
        "summaries or split the material",
    )


def _position_in(text: str, index: int) -> Position:
    """Where character ``index`` of ``text`` stands, as an editor shows it."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _fail_at(doc: YamlDocument, text: str, index: int, message: str) -> None:
    """A problem at character ``index`` of ``text``."""
    doc.problems.append(Diagnostic(doc.file, *_position_in(text, index), "", message))


def char_name(char: str) -> str:
    return f"U+{ord(char):04X}"


def _looks_like_utf16(raw: bytes) -> bool:
    """A byte-order mark of UTF-16, or the zero bytes that UTF-16 puts between the letters
    of English text, which no UTF-8 file of text has."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = raw[:512]
    return max(sample[0::2].count(0), sample[1::2].count(0)) > len(sample) // 4


# Characters that look like (or are) nothing at the start of a line, where YAML wants
# spaces: tabs, and the spaces and invisible characters that Word and web pages paste.
_ODD_INDENT_CHARS = "\t\u00a0\u1680\u180e\u2000-\u200b\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
_ODD_INDENT_CHAR = re.compile(f"[{_ODD_INDENT_CHARS}]")
# A line of structure (a key, or a list item) indented with one of them.
_ODD_INDENT = re.compile(
    f"^ *([{_ODD_INDENT_CHARS}])[ {_ODD_INDENT_CHARS}]*"
    r"(?:-[ \t]|[A-Za-z_][\w-]*[ \t]*:(?:[ \t]|$))",
    re.MULTILINE,
)
_INDENT_NAMES = {
    "\t": "a tab",
    "\u00a0": "a non-breaking space (pasted from Word?)",
    "\u202f": "a narrow non-breaking space (pasted from Word?)",
    "\u3000": "an ideographic (full-width) space",
    "\u200b": "a zero-width space, which is invisible (pasted from a web page?)",
    "\ufeff": "an invisible character (U+FEFF, a byte-order mark)",
}


def _invisible(char: str) -> str:
    return f"an invisible character ({char_name(char)}, a space other than the ordinary one)"


EMPTY_FILE = "the file is empty; it must hold a mapping of keys"


def read_yaml(
    raw: bytes, file: str, limits: Limits = DEFAULT_LIMITS, *, year_keys: bool = False
) -> YamlDocument:
    """Parse ``raw`` (the bytes of ``file``); problems land in ``problems``, never raise.

    With ``year_keys``, the keys of the top-level mapping are kept as typed (``2027`` is
    the text '2027', not a number), for a file that holds one mapping per year.
    """
    doc = YamlDocument(file)
    if len(raw) > limits.max_bytes:
        doc.problems.append(too_big(file, len(raw), limits))
        return doc
    if _looks_like_utf16(raw):
        doc.problems.append(
            Diagnostic(
                file,
                0,
                0,
                "",
                'the file is saved as UTF-16 ("Unicode"), not UTF-8; open it in Notepad, '
                "choose File > Save As, set Encoding to UTF-8 and save",
            )
        )
        return doc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # The bytes before the bad one decode, so count the column in characters.
        before = raw[: exc.start].decode("utf-8-sig")
        _fail_at(
            doc,
            before,
            len(before),
            f"byte 0x{raw[exc.start]:02x} at offset {exc.start} is not UTF-8; "
            "save the file as UTF-8",
        )
        return doc
    bad = _FORBIDDEN_RAW.search(text)
    if bad:
        _fail_at(
            doc,
            text,
            bad.start(),
            f"character {char_name(bad.group())} is a control character that a Word "
            "document cannot hold; delete it",
        )
        return doc
    directive = re.search(r"^%YAML[ \t]+(\S*)", text, re.MULTILINE)
    if directive and directive.group(1) != "1.1":
        # libyaml accepts '%YAML 1.2' yet reads by 1.1 rules (yes is true, 012 is 10).
        _fail_at(
            doc,
            text,
            directive.start(),
            f"'%YAML {directive.group(1)}' asks for rules this reader does not follow; "
            "delete the %YAML line (submissions are read as YAML 1.1)",
        )
        return doc
    doc.text = text
    if _ODD_INDENT_CHAR.search(text):
        for found in _ODD_INDENT.finditer(text):
            char = found[1]
            line = text.count("\n", 0, found.start()) + 1
            _fail_at(
                doc,
                text,
                found.start(1),
                f"line {line} starts with {_INDENT_NAMES.get(char) or _invisible(char)}; "
                "indent with ordinary spaces",
            )
        if doc.problems:
            return doc
    _Builder(doc, limits, year_keys).run(text)
    if not doc.problems and doc.data is None:
        doc.problems.append(Diagnostic(file, 1, 1, "", EMPTY_FILE))
    elif not doc.problems and not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else "a single value"
        doc.problems.append(
            Diagnostic(
                file,
                1,
                1,
                "",
                f"the top level is {kind}; it must be a mapping of keys (key: value)",
            )
        )
    return doc


class _Builder:
    """Turns libyaml's node tree into plain values, checking what YAML lets through."""

    def __init__(self, doc: YamlDocument, limits: Limits, year_keys: bool = False) -> None:
        self.doc = doc
        self.limits = limits
        self.year_keys = year_keys
        self.seen: set[int] = set()
        self.aliased = False
        self.anchored = False
        self.escapes = False

    def _fail(self, mark: Any, message: str) -> None:
        line, column = (0, 0) if mark is None else (mark.line + 1, mark.column + 1)
        self.doc.problems.append(Diagnostic(self.doc.file, line, column, "", message))

    def run(self, text: str) -> None:
        loader = _Reader(text)
        try:
            node = loader.get_single_node()
        except yaml.composer.ComposerError as exc:
            if "single document" in f"{exc.context} {exc.problem}":
                self._fail(
                    exc.problem_mark,
                    "a second YAML document ('---') in the same file; keep one submission per file",
                )
                return
            self._syntax_error(exc, text)
            return
        except yaml.MarkedYAMLError as exc:
            self._syntax_error(exc, text)
            return
        except yaml.YAMLError as exc:
            self._fail(None, f"YAML error: {exc}")
            return
        finally:
            loader.dispose()
        if node is not None:
            # Characters a document cannot hold can only come in through escapes, since
            # read_yaml refuses them raw.
            self.escapes = "\\" in text
            self.anchored = "&" in text
            self.doc.root = node
            self.doc.data = self._value(node, 0)
        if self.aliased:
            # Nodes do not say where an alias stood; the parser's events do.
            for event in yaml.parse(text, Loader=_Loader):
                if isinstance(event, yaml.AliasEvent):
                    self._fail(
                        event.start_mark,
                        f"YAML aliases (*{event.anchor}) are not accepted; write the value "
                        "out in full",
                    )
        extra = len(self.doc.problems) - self.limits.max_errors
        if extra > 0:
            del self.doc.problems[self.limits.max_errors :]
            self._fail(None, f"{extra} more problems in this file not shown; fix these first")

    def _syntax_error(self, exc: yaml.MarkedYAMLError, text: str) -> None:
        mark = exc.problem_mark or exc.context_mark
        if (
            exc.context == "while scanning a simple key"
            and exc.context_mark is not None
            and mark is not None
            and exc.context_mark.line < mark.line
        ):
            # A line of text without its key's indentation (at column 0, say): the parser
            # stops at the next key, but the line to fix is the text's.
            mark = exc.context_mark
            self._fail(mark, _unindented(text.splitlines(), mark.line))
            return
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{exc.context}: {problem}"
        lines = text.splitlines()
        if mark is not None and mark.line < len(lines) and "\t" in lines[mark.line]:
            problem += " (tabs cannot indent YAML; use spaces)"
        elif mark is not None:
            problem += _syntax_hint(problem, lines, mark)
        self._fail(mark, f"YAML syntax error: {problem}")

    def _value(self, node: yaml.Node, depth: int) -> Any:
        # libyaml gives an alias the very node of its anchor; without an '&' in the file
        # there is no anchor, and no node to look out for.
        if self.anchored:
            if id(node) in self.seen:
                self.aliased = True
                return None
            self.seen.add(id(node))
        if node.tag not in _ALLOWED_TAGS[type(node)]:
            self._fail(
                node.start_mark, f"YAML tags such as '{node.tag}' are not accepted; remove the tag"
            )
            return None
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if depth >= self.limits.max_depth:
            self._fail(
                node.start_mark,
                f"nesting deeper than {self.limits.max_depth} levels; a submission never "
                "needs this",
            )
            return None
        if isinstance(node, yaml.SequenceNode):
            return [self._value(item, depth + 1) for item in node.value]
        mapping: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key_mark = key_node.start_mark
            if not isinstance(key_node, yaml.ScalarNode):
                self._fail(key_mark, "a mapping or list used as a key; keys must be plain words")
                continue
            if self.year_keys and depth == 0 and key_node.tag in _ALLOWED_TAGS[yaml.ScalarNode]:
                key = key_node.value
            else:
                key = self._value(key_node, depth + 1)
            if not isinstance(key, str):
                self._fail(
                    key_mark,
                    f"the key {key_node.value!r} reads as a {type(key).__name__}, not a word; "
                    "keys are words such as 'summary' (quote it if needed)",
                )
                continue
            if key in mapping:
                self._fail(
                    key_mark,
                    f"duplicate key '{key}' (first given on line {first_line[key]}); keep "
                    "one, or the other is lost",
                )
                continue
            first_line[key] = key_mark.line + 1
            mapping[key] = self._value(value_node, depth + 1)
        return mapping

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        value: str = node.value
        if len(value) > self.limits.max_scalar_chars:
            self._fail(
                node.start_mark,
                f"a value of {len(value):,} characters, over the limit of "
                f"{self.limits.max_scalar_chars:,}; shorten it",
            )
            return None
        if node.tag in _NUMBERS and len(value) > _MAX_NUMBER_CHARS:
            # Python refuses to read an integer of over 4,300 digits, or to print one.
            self._fail(
                node.start_mark,
                f"a number of {len(value):,} characters, over the limit of "
                f"{_MAX_NUMBER_CHARS}; write the number as it should appear in the report "
                "(or put text in quotes)",
            )
            return None
        if node.tag != _STR:
            try:
                read = _constructor.yaml_constructors[node.tag](_constructor, node)
            except Exception:  # PyYAML's constructors fail in many ways on odd input
                kind = node.tag.removeprefix(_YAML)
                if kind == "timestamp":
                    message = f"{value!r} is not a valid date; write it as YYYY-MM-DD"
                else:
                    message = f"cannot read {value!r} as a {kind}"
                self._fail(node.start_mark, message)
                return None
            if node.tag in _NUMBERS and not _PLAIN_NUMBER.fullmatch(value):
                self._fail(
                    node.start_mark,
                    f"{value!r} would be read as the number {read}, not as typed; write plain "
                    "digits, without a leading zero, '_' or ':' (or put text in quotes)",
                )
                return None
            return read
        if not self.escapes:
            return value
        # An escaped carriage return would reach Word as a line feed (XML parsers
        # normalize it), so normalize it here, where the text is checked.
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        bad = FORBIDDEN_IN_TEXT.search(value)
        if bad:
            self._fail(
                node.start_mark,
                f"the text contains {char_name(bad.group())}, a control character that a "
                "Word document cannot hold; remove the escape",
            )
            return None
        return value


def _unindented(lines: list[str], number: int) -> str:
    """The message for line ``number`` (from 0), text indented less than its key."""
    for above in range(number - 1, max(number - 6, -1), -1):
        key = _KEY.match(lines[above])
        if key is not None and key.group(1) in _TEXT_FIELDS:
            name = key.group(1)
            return (
                f"YAML syntax error: line {number + 1} is not indented under '{name}'; write "
                f"the text on the lines under '{name}: >-', indented by two more spaces than "
                f"'{name}'"
            )
    return (
        f"YAML syntax error: line {number + 1} is not indented like the lines around it; "
        "keys at the same level start in the same column, and text goes on the lines under "
        "its key, indented by two more spaces"
    )


def _syntax_hint(problem: str, lines: list[str], mark: Any) -> str:
    """One plain sentence on the likely cause of a syntax error, or ''.

    An error inside a text value (after its key on the same line, or on the lines that
    follow it) is text that YAML took for structure; elsewhere it is usually indentation.
    """
    # The key this error belongs to: on the error's line, or a few lines up when the line
    # is not a key (a pasted list, the next line of a text).
    for number in range(min(mark.line, len(lines) - 1), max(mark.line - 5, -1), -1):
        key = _KEY.match(lines[number])
        if key is None:
            continue
        name = key.group(1)
        inside = number < mark.line or mark.column >= key.end()
        if inside and name in _TEXT_FIELDS:
            return (
                f". {_TROUBLE} must go on the lines under '{name}: >-', indented by two more spaces"
            )
        if inside and name in _TEXT_LISTS:
            return f". {_TROUBLE} must be put in double quotes when it is an item of {name}"
        break
    if any(kind in problem for kind in _INDENTATION_PROBLEMS):
        return (
            ". Check the indentation of this line and the one above: keys at the same "
            "level start in the same column, indented with spaces"
        )
    return ""


def _comment_only(path: Path_, typed: str) -> str:
    """What to do with a text that begins with '#', which YAML took for a comment."""
    key = path[-1]
    if isinstance(key, str):
        return (
            f"'#' starts a comment here, so '{key}' is read as empty; write the text on the lines "
            f"under '{key}: >-', indented, where '#' is text"
        )
    quoted = typed.replace("\\", "\\\\").replace('"', '\\"')
    return (
        f"'#' starts a comment here, so this item is read as empty; put the text in double quotes: "
        f'- "{quoted}"'
    )


def check_cut_comments(doc: YamlDocument, patterns: Iterable[tuple[str, ...]]) -> None:
    """Report text after ' #' in the prose at ``patterns``, which YAML read as a comment.

    After one space, '#' is almost always part of the text ('in #10 countries'); after two
    or more it is taken as a deliberate comment, the style yamllint and this README use.
    """
    if " #" not in doc.text:  # most files: nothing YAML could have cut
        return
    lines = doc.text.splitlines()
    for pattern in patterns:
        for path, node in doc.values_at(pattern):
            end = node.end_mark
            if node.style or end.line >= len(lines):
                continue
            if not node.value and doc.comment_only(path):
                doc.problems.append(
                    doc.diagnostic(
                        end.line + 1,
                        end.column + 2,
                        format_path(path),
                        _comment_only(path, lines[end.line][end.column :].strip()),
                    )
                )
            elif lines[end.line][end.column :].startswith(" #"):
                key = path[-1]
                fix = (
                    f"write the text on the lines under '{key}: >-', indented, where '#' is text"
                    if isinstance(key, str)
                    else "put the whole item in double quotes"
                )
                doc.problems.append(
                    doc.diagnostic(
                        end.line + 1,
                        end.column + 2,
                        format_path(path),
                        f"the text after ' #' was left out, because YAML reads it as a "
                        f"comment; {fix}. For a comment, put two spaces before '#'",
                    )
                )
