"""Reads one YAML file into plain Python values, remembering where each value stood.

PyYAML's loaders lose positions, keep the last of two duplicate keys, and expand
aliases without limit. This reader walks the parser's events instead (libyaml's C parser
where available), so it sees every key with its line and column, builds the values in a
single pass with an explicit stack (deep nesting cannot exhaust Python's), and refuses
what a hand-written submission never needs: tags, aliases, several documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.resolver import Resolver

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

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_resolver = Resolver()
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
    """The values of one file, and where each value and each key stood (1-based)."""

    file: str
    data: Any = None
    values: dict[Path_, Position] = field(default_factory=dict)
    keys: dict[Path_, Position] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)

    def position(self, path: Path_, *, key: bool = False) -> Position:
        """Where ``path`` stood; for a key that is absent, where its nearest parent began."""
        if key and path in self.keys:
            return self.keys[path]
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found:
                return found
        return (1, 1)

    def error(self, path: Path_, message: str, *, key: bool = False, subject: str = "") -> None:
        line, column = self.position(path, key=key)
        self.problems.append(Diagnostic(self.file, line, column, subject, message))

    def warn(self, path: Path_, message: str, *, subject: str = "") -> None:
        line, column = self.position(path)
        self.problems.append(
            Diagnostic(self.file, line, column, subject, message, Severity.WARNING)
        )


def char_name(char: str) -> str:
    return f"U+{ord(char):04X}"


def read_yaml(raw: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> YamlDocument:
    """Parse ``raw`` (the bytes of ``file``); problems land in ``problems``, never raise."""
    doc = YamlDocument(file)
    if len(raw) > limits.max_bytes:
        doc.problems.append(
            Diagnostic(
                file,
                0,
                0,
                "",
                f"the file is {len(raw):,} bytes, over the limit of {limits.max_bytes:,}; "
                "shorten the summaries or split the material",
            )
        )
        return doc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        doc.problems.append(
            Diagnostic(
                file,
                line,
                column,
                "",
                f"byte 0x{raw[exc.start]:02x} at offset {exc.start} is not UTF-8; "
                "save the file as UTF-8",
            )
        )
        return doc
    bad = _FORBIDDEN_RAW.search(text)
    if bad:
        i = bad.start()
        line = text.count("\n", 0, i) + 1
        column = i - (text.rfind("\n", 0, i) + 1) + 1
        doc.problems.append(
            Diagnostic(
                file,
                line,
                column,
                "",
                f"character {char_name(bad.group())} is a control character that a Word "
                "document cannot hold; delete it",
            )
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


@dataclass
class _Frame:
    path: Path_
    value: dict[Any, Any] | list[Any]
    key: Any = None
    has_key: bool = False


class _Builder:
    def __init__(self, doc: YamlDocument, limits: Limits) -> None:
        self.doc = doc
        self.limits = limits
        self.stack: list[_Frame] = []
        self.documents = 0
        self.skip_depth = 0

    def _pos(self, event: yaml.Event) -> Position:
        mark = event.start_mark
        return (0, 0) if mark is None else (mark.line + 1, mark.column + 1)

    def _fail(self, event: yaml.Event, message: str) -> None:
        line, column = self._pos(event)
        self.doc.problems.append(Diagnostic(self.doc.file, line, column, "", message))

    def run(self, text: str) -> None:
        try:
            for event in yaml.parse(text, Loader=_Loader):
                self._event(event)
                if len(self.doc.problems) >= self.limits.max_errors:
                    self._fail(event, "too many problems; stopped reading this file")
                    return
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
            problem = exc.problem or "invalid YAML"
            if exc.context:
                problem = f"{exc.context}: {problem}"
            lines = text.splitlines()
            if 0 < line <= len(lines) and "\t" in lines[line - 1]:
                problem += " (tabs cannot indent YAML; use spaces)"
            self.doc.problems.append(
                Diagnostic(self.doc.file, line, column, "", f"YAML syntax error: {problem}")
            )
        except yaml.YAMLError as exc:
            self.doc.problems.append(Diagnostic(self.doc.file, 0, 0, "", f"YAML error: {exc}"))

    def _event(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self._fail(
                    event,
                    "a second YAML document ('---') in the same file; keep one submission per file",
                )
            return
        if isinstance(event, yaml.AliasEvent):
            self._fail(
                event,
                f"YAML aliases (*{event.anchor}) are not accepted; write the value out in full",
            )
            self._value(event, None)
            return
        if isinstance(event, yaml.ScalarEvent):
            self._scalar(event)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            self._start(event)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            self._end()

    def _check_tag(self, event: yaml.NodeEvent) -> bool:
        tag = getattr(event, "tag", None)
        if tag in (None, "!") or tag in _STANDARD_TAGS:
            return True
        self._fail(event, f"YAML tags such as '{tag}' are not accepted; remove the tag")
        return False

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        if self.skip_depth:
            return
        value: Any = event.value
        if len(value) > self.limits.max_scalar_chars:
            self._fail(
                event,
                f"a value of {len(value):,} characters, over the limit of "
                f"{self.limits.max_scalar_chars:,}; shorten it",
            )
            value = None
        elif self._check_tag(event):
            tag = event.tag
            if tag in (None, "!"):
                tag = _resolver.resolve(  # type: ignore[no-untyped-call]
                    yaml.ScalarNode, value, event.implicit
                )
            if tag != "tag:yaml.org,2002:str":
                node = yaml.ScalarNode(tag, value)
                try:
                    value = _constructor.yaml_constructors[tag](_constructor, node)
                except (ConstructorError, ValueError) as exc:
                    self._fail(event, f"cannot read {value!r}: {exc}")
                    value = None
            else:
                # An escaped carriage return would reach Word as a line feed (XML parsers
                # normalize it), so normalize it here, where the text is checked.
                value = value.replace("\r\n", "\n").replace("\r", "\n")
                bad = FORBIDDEN_IN_TEXT.search(value)
                if bad:
                    self._fail(
                        event,
                        f"the text contains {char_name(bad.group())}, a control character "
                        "that a Word document cannot hold; remove the escape",
                    )
                    value = None
        else:
            value = None
        self._value(event, value)

    def _start(self, event: yaml.CollectionStartEvent) -> None:
        if self.skip_depth:
            self.skip_depth += 1
            return
        if len(self.stack) >= self.limits.max_depth:
            self._fail(
                event,
                f"nesting deeper than {self.limits.max_depth} levels; a submission never "
                "needs this",
            )
            self.skip_depth = 1
            self._value(event, None)
            return
        self._check_tag(event)
        container: dict[Any, Any] | list[Any] = (
            {} if isinstance(event, yaml.MappingStartEvent) else []
        )
        path = self._value(event, container)
        self.stack.append(_Frame(path, container))

    def _end(self) -> None:
        if self.skip_depth:
            self.skip_depth -= 1
            return
        self.stack.pop()

    def _value(self, event: yaml.Event, value: Any) -> Path_:
        """Place ``value`` in its parent and record its position; returns its path."""
        pos = self._pos(event)
        if not self.stack:
            self.doc.data = value
            self.doc.values[()] = pos
            return ()
        frame = self.stack[-1]
        if isinstance(frame.value, list):
            path = (*frame.path, len(frame.value))
            frame.value.append(value)
            self.doc.values[path] = pos
            return path
        if not frame.has_key:
            self._key(frame, event, value)
            return frame.path
        frame.has_key = False
        key = frame.key
        path = (*frame.path, key)
        if key is not _DUPLICATE:
            frame.value[key] = value
            self.doc.values[path] = pos
        return path

    def _key(self, frame: _Frame, event: yaml.Event, key: Any) -> None:
        frame.has_key = True
        if isinstance(key, dict | list):
            self._fail(event, "a mapping or list used as a key; keys must be plain words")
            frame.key = _DUPLICATE
            return
        path = (*frame.path, key)
        if key in frame.value:
            first = self.doc.keys[path][0]
            self._fail(
                event,
                f"duplicate key '{key}' (first given on line {first}); "
                "keep one, or the other is lost",
            )
            frame.key = _DUPLICATE
            return
        frame.key = key
        self.doc.keys[path] = self._pos(event)


_DUPLICATE = object()
