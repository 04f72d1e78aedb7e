"""Reads one YAML file into plain Python values, remembering where each value stood.

PyYAML's loaders lose positions, keep the last of two duplicate keys, and expand
aliases without limit. This reader takes libyaml's node tree instead (composed in C where
available, which bounds nesting at 1,000 levels) and builds the values itself, so it sees
every key with its line and column, and refuses what a hand-written submission never
needs: tags, aliases, several documents, deep nesting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from .diagnostics import Diagnostic, Path_, Severity

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Position = tuple[int, int]

# Characters that XML 1.0 forbids, plus those docxtpl turns into document structure
# (\a new paragraph, \f page break, \v), and the C1 controls that YAML forbids raw.
_FORBIDDEN_RAW = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)
FORBIDDEN_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_YAML = "tag:yaml.org,2002:"
# The tags each kind of node may carry: YAML's own, resolved or written out.
_ALLOWED_TAGS: dict[type[yaml.Node], set[str]] = {
    yaml.ScalarNode: {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp")},
    yaml.SequenceNode: {_YAML + "seq"},
    yaml.MappingNode: {_YAML + "map"},
}
_STR = "tag:yaml.org,2002:str"
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
        return (mark.line + 1, mark.column + 1)

    def error(self, path: Path_, message: str, *, key: bool = False, subject: str = "") -> None:
        line, column = self.position(path, key=key)
        self.problems.append(Diagnostic(self.file, line, column, subject, message))

    def warn(self, path: Path_, message: str, *, subject: str = "") -> None:
        line, column = self.position(path)
        self.problems.append(
            Diagnostic(self.file, line, column, subject, message, Severity.WARNING)
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


def _fail_at(doc: YamlDocument, text: str, index: int, message: str) -> None:
    """A problem at character ``index`` of ``text``, placed as an editor shows it."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    doc.problems.append(Diagnostic(doc.file, line, column, "", message))


def char_name(char: str) -> str:
    return f"U+{ord(char):04X}"


def read_yaml(raw: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> YamlDocument:
    """Parse ``raw`` (the bytes of ``file``); problems land in ``problems``, never raise."""
    doc = YamlDocument(file)
    if len(raw) > limits.max_bytes:
        doc.problems.append(too_big(file, len(raw), limits))
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
    _Builder(doc, limits).run(text)
    if not doc.problems and doc.data is None:
        doc.problems.append(
            Diagnostic(file, 1, 1, "", "the file is empty; it must hold a mapping of keys")
        )
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

    def __init__(self, doc: YamlDocument, limits: Limits) -> None:
        self.doc = doc
        self.limits = limits
        self.seen: set[int] = set()
        self.aliased = False
        self.escapes = False

    def _fail(self, mark: Any, message: str) -> None:
        line, column = (0, 0) if mark is None else (mark.line + 1, mark.column + 1)
        self.doc.problems.append(Diagnostic(self.doc.file, line, column, "", message))

    def run(self, text: str) -> None:
        loader = _Loader(text)
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
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{exc.context}: {problem}"
        lines = text.splitlines()
        if mark is not None and mark.line < len(lines) and "\t" in lines[mark.line]:
            problem += " (tabs cannot indent YAML; use spaces)"
        self._fail(mark, f"YAML syntax error: {problem}")

    def _value(self, node: yaml.Node, depth: int) -> Any:
        mark = node.start_mark
        if id(node) in self.seen:
            self.aliased = True
            return None
        self.seen.add(id(node))
        if node.tag not in _ALLOWED_TAGS[type(node)]:
            self._fail(mark, f"YAML tags such as '{node.tag}' are not accepted; remove the tag")
            return None
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if depth >= self.limits.max_depth:
            self._fail(
                mark,
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
        if node.tag != _STR:
            try:
                return _constructor.yaml_constructors[node.tag](_constructor, node)
            except Exception:  # PyYAML's constructors fail in many ways on odd input
                kind = node.tag.removeprefix(_YAML)
                if kind == "timestamp":
                    message = f"{value!r} is not a valid date; write it as YYYY-MM-DD"
                else:
                    message = f"cannot read {value!r} as a {kind}"
                self._fail(node.start_mark, message)
                return None
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
