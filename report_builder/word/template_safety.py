"""What a Word template may contain and do. A template is trusted less than code:
reviewers pass their own with --template, so it is checked as a package before it is
opened, as Jinja before it runs, and against its output after rendering."""

from __future__ import annotations

import functools
import io
import posixpath
import re
import sys
import zipfile
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from lxml import etree
from markupsafe import Markup

from report_builder.diagnostics import BuildError, printable
from report_builder.files import FileTooLarge, NotRegularFile, read_regular
from report_builder.word import template_bounds as bounds
from report_builder.word.docxtpl_adapter import PROPERTIES_PART, CheckedEnvironment
from report_builder.word.package_guard import (
    CONTENT_TYPES,
    MB,
    DamagedPart,
    Finding,
    MacroContent,
    MacroPart,
    MalformedXml,
    NotWordDocument,
    Package,
    PackageLimits,
    PartTooLarge,
    Refused,
    TooLarge,
    TooManyParts,
    Unreadable,
    guard,
)

# The default template is 40 KB, 860 KB unpacked, in 18 parts; a restyled one with a few
# logos stays far below these. Its file and part sizes are bounded as any package's.
TEMPLATE_LIMITS = PackageLimits(max_parts=1000, max_unpacked_bytes=100 * MB)
# Elements produced by range() in one rendering: a report needs none, a table a few.
MAX_RANGE_TOTAL = 100_000

_REFUSED_FILTERS = {
    "safe": "it inserts text without escaping, so a '&' or '<' in a submission breaks or "
    "rewrites the document",
    "urlize": "it inserts HTML links, which Word drops with the text inside them",
}
_SELF_CONTAINED = "a template is one self-contained document"
_REFUSED_NODES: dict[type[nodes.Node], str] = {
    nodes.Include: f"'{{% include %}}' is not allowed: {_SELF_CONTAINED}",
    nodes.Import: f"'{{% import %}}' is not allowed: {_SELF_CONTAINED}",
    nodes.FromImport: f"'{{% import %}}' is not allowed: {_SELF_CONTAINED}",
    nodes.Extends: f"'{{% extends %}}' is not allowed: {_SELF_CONTAINED}",
    nodes.EvalContextModifier: "'{% autoescape %}' is not allowed: every value is escaped, "
    "so that text in a submission cannot break the document",
    nodes.FilterBlock: "'{% filter %}' blocks are not allowed: the values they change cannot "
    "be checked against the draft; apply the filter to the value, as in {{ value|upper }}",
}
# docxtpl's value tags that replace a whole run, paragraph, row or cell with raw XML:
# plain text printed there falls outside any w:t, and Word drops it silently.
_RAW_XML_TAG = re.compile(r"\{\{-?(?:r|p|tr|tc) |\{%-?r ")
_XML_TAG = re.compile(r"<[^>]*>")
_HYPERLINK = "/relationships/hyperlink"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_BODY_PARTS = ("document", "header", "footer", "footnotes", "endnotes")
_TEXT_TAGS = (f"{{{_W}}}t", f"{{{_W}}}instrText")
# Where docxtpl's cellbg and colspan tags print: cell shading and column spans.
_PRINTED_INTO = ((f"{{{_W}}}shd", f"{{{_W}}}fill"), (f"{{{_W}}}gridSpan", f"{{{_W}}}val"))
# The characters docxtpl turns into tabs, line, paragraph and page breaks.
_BREAKS = re.compile("[\t\n\a\f]+")


def read_template(template: Path) -> bytes:
    """The template's bytes, once its package is found safe and reasonably sized."""
    shown = printable(str(template))
    try:
        data = read_regular(template, TEMPLATE_LIMITS.max_file_bytes)
    except FileNotFoundError:
        raise BuildError(f"{shown}: the template does not exist") from None
    except NotRegularFile as exc:
        raise BuildError(f"{shown}: the template is {exc.kind}, not a .docx file") from None
    except FileTooLarge as exc:
        raise BuildError(
            f"{shown}: the template is {exc.size:,} bytes, over the limit of "
            f"{TEMPLATE_LIMITS.max_file_bytes:,}; make its pictures smaller"
        ) from None
    except OSError as exc:
        raise BuildError(f"{shown}: cannot read the template: {exc.strerror}") from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            checks = (
                partial(_no_attached_template, shown),
                partial(_web_links_only, shown),
                _notes_well_formed,
            )
            guard(package, TEMPLATE_LIMITS, checks, parts_before_macros=True)
    except zipfile.BadZipFile as exc:
        raise BuildError(f"{shown}: not a Word document (.docx): {exc}") from None
    except Refused as exc:
        raise BuildError(_refusal(shown, exc.finding)) from None
    return data


def _no_attached_template(shown: str, package: Package) -> None:
    if "word/settings.xml" in package.names:
        settings = package.xml("word/settings.xml")
        if settings.find(f".//{{{_W}}}attachedTemplate") is not None:
            _refuse_part(
                shown,
                "word/settings.xml",
                "attaches another template (attachedTemplate), which Word would load "
                "with its macros; remove it in Word under Developer > Document Template",
            )


# Parts python-docx opens without parsing, which docxtpl renders as text.
_NOTES_TYPES = tuple(
    f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"
    for kind in ("footnotes", "endnotes")
)


def _notes_well_formed(package: Package) -> None:
    """python-docx parses the body, headers and footers as it opens the template, but
    keeps footnotes and endnotes as bytes: parse them now, so that one that is not
    well-formed is refused like any other part, before it is filled."""
    types = package.xml(CONTENT_TYPES)
    for override in types.iter(f"{{{_TYPES}}}Override"):
        name = (override.get("PartName") or "").lstrip("/")
        if override.get("ContentType") in _NOTES_TYPES and name in package.names:
            package.xml(name)


def _web_links_only(shown: str, package: Package) -> None:
    """Word follows a template's external relationships when it opens the draft; a
    questionnaire's are left alone, as Word makes a typed e-mail address a mailto: link."""
    for name in sorted(n for n in package.names if n.endswith(".rels")):
        for rel in package.xml(name).iter():
            if (rel.get("TargetMode") or "").lower() == "external":
                _check_external(shown, name, rel.get("Type") or "", rel.get("Target") or "")


def _check_external(shown: str, part: str, kind: str, target: str) -> None:
    if kind.endswith(_HYPERLINK) and re.match(r"https?://", target.strip(), re.IGNORECASE):
        return
    what = "hyperlink" if kind.endswith(_HYPERLINK) else posixpath.basename(kind) or "link"
    _refuse_part(
        shown,
        part,
        f"links to an outside resource ({what} to {printable(target)!r}); only http(s) "
        "hyperlinks may point outside the document",
    )


def _refusal(shown: str, finding: Finding) -> str:
    match finding:
        case TooManyParts(parts, limit):
            return f"{shown}: the template has {parts:,} parts, over the limit of {limit:,}"
        case TooLarge(unpacked, limit):
            return (
                f"{shown}: the template unpacks to {unpacked:,} bytes, over the limit of {limit:,}"
            )
        case MacroPart(part, _):
            return _part_refusal(shown, part, "holds macros (VBA)")
        case MacroContent(part, content_type, _):
            return _part_refusal(
                shown, part, f"is declared as macro content ({content_type.lower()})"
            )
        case NotWordDocument():
            return f"{shown}: a zip file, but not a Word document (.docx)"
        case PartTooLarge(part, limit):
            return _part_refusal(shown, part, f"unpacks to more than {limit:,} bytes")
        case DamagedPart(_, detail) | Unreadable(detail):
            return f"{shown}: not a Word document (.docx): {detail}"
        case MalformedXml(part, detail):
            return f"{shown}: part {part} is not well-formed XML ({detail})"


def _part_refusal(shown: str, part: str, why: str) -> str:
    return f"{shown}: part {printable(part)} {why}; the template is refused"


def _refuse_part(shown: str, part: str, why: str) -> None:
    raise BuildError(_part_refusal(shown, part, why))


def check_tags(template: Path, xml: str) -> None:
    """Refuse docxtpl's raw-XML value tags in a part of ``template``, as written: docxtpl
    rewrites them away before rendering."""
    found = _RAW_XML_TAG.search(_XML_TAG.sub("", xml))
    if found:
        tag = found.group(0).strip()
        raise BuildError(
            f"{printable(str(template))}: the tag '{tag}' inserts raw XML, so text "
            f"printed there is lost; write '{tag[:2]} ' without the '{tag[2:].strip('-')}'"
        )


# Compiled templates and the constants compiling them printed, by source and options:
# the code one environment compiles is the code any other with the same options would.
_COMPILED: dict[tuple[Any, ...], tuple[Any, tuple[str, ...]]] = {}
_COMPILED_KEPT = 64


class TemplateEnvironment(CheckedEnvironment):
    """The sandbox a template runs in, narrowed further.

    It refuses what lets text escape autoescaping or reach other files, bounds every value
    before it is made (see template_bounds) and what range() can produce, refuses to
    print what has no stable text, and records every value printed, so that
    ``check_rendered`` can confirm each one reached the document.
    """

    intercepted_binops = frozenset({"+", "*", "**", "%"})

    def __init__(self, **options: Any) -> None:
        inner = options.pop("finalize", None)
        # Part name -> the values printed into it, in order.
        self.printed: dict[str, list[str]] = {}
        # Jinja finalizes constant output while it compiles, before any value is printed,
        # so constants are kept apart, to be looked for in no particular order.
        self.constants: dict[str, list[str]] = {}
        self._compiling = False
        self.printing_to(PROPERTIES_PART)
        self._range_left = MAX_RANGE_TOTAL

        def finalize(value: Any) -> Any:
            bounds.check_stable(value)
            # Measured before it is made: a list can be small and its text enormous.
            if not isinstance(value, str):
                bounds.check_size(bounds.text_size(value))
            # Markup goes into the XML as it is, so the document shows it unescaped.
            text = value.unescape() if isinstance(value, Markup) else str(value)
            if self._compiling:
                # A constant reaches here already as text: only a template's own
                # literals do, so any memory address in it is the template's.
                bounds.check_constant(text)
            if len(text) > bounds.MAX_VALUE_CHARS:
                raise jinja2.exceptions.SecurityError(
                    f"a value of {len(text):,} characters, over the limit of "
                    f"{bounds.MAX_VALUE_CHARS:,}"
                )
            (self._constants if self._compiling else self._printing).append(text)
            return inner(value) if inner else value

        super().__init__(finalize=finalize, **options)
        self.globals["range"] = self._range
        # lipsum(n) writes n paragraphs of filler: nothing a report needs.
        del self.globals["lipsum"]
        for name, function in list(self.filters.items()):
            self.filters[name] = _checked_filter(name, function)

    def printing_to(self, part: str) -> None:
        self._printing = self.printed.setdefault(part, [])
        self._constants = self.constants.setdefault(part, [])

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        self._range_left -= len(numbers)
        if self._range_left < 0:
            raise jinja2.exceptions.SecurityError(
                f"range() would produce more than {MAX_RANGE_TOTAL:,} numbers in one draft"
            )
        return numbers

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        bounds.check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def check_concat(self, items: tuple[Any, ...]) -> tuple[Any, ...]:
        bounds.check_concat(items)
        return items

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        bounds.check_method(obj, args, kwargs)
        return super().call(context, obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Any:
        """str.format and format_map, as the sandbox wraps them when they are looked up,
        their widths and values checked before formatting."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None

        @functools.wraps(wrapped)
        def checked(*args: Any, **kwargs: Any) -> Any:
            bounds.check_format(value.__self__, f"'{value.__name__}'")
            bounds.check_stable(*args, *kwargs.values())
            return wrapped(*args, **kwargs)

        return checked

    def compile(self, source: Any, *args: Any, **kwargs: Any) -> Any:
        """Jinja's compile, remembered by source: a build compiles each part of the
        report's template twice (to measure, then to fill), and an update builds twice.
        What the compiling printed (the template's constants) is recorded again for each
        use, as ``check_rendered`` looks for it. Only what ``from_string`` asks for (code,
        from text, with no other option) is remembered."""
        key = (
            (type(self), self.autoescape, self.undefined, source)
            if isinstance(source, str) and not args and not kwargs
            else None
        )
        if key is not None and key in _COMPILED:
            code, constants = _COMPILED[key]
            self._constants.extend(constants)
            return code
        self._compiling = True
        before = len(self._constants)
        try:
            code = super().compile(source, *args, **kwargs)
        finally:
            self._compiling = False
        if key is not None:
            if len(_COMPILED) >= _COMPILED_KEPT:
                del _COMPILED[next(iter(_COMPILED))]
            _COMPILED[key] = (code, tuple(self._constants[before:]))
        return code

    def handle_exception(self, source: str | None = None) -> Any:
        """Any failure while a template runs is the template's fault (a macro calling
        itself, a huge join or format width, a filter given the wrong type): report it
        as a template error, never as a bug in report-builder."""
        exc = sys.exc_info()[1]
        if exc is not None and not isinstance(exc, jinja2.TemplateError):
            hint = (
                " (a macro calling itself, or a value too large)"
                if isinstance(exc, MemoryError | OverflowError | RecursionError)
                else ""
            )
            raise jinja2.exceptions.TemplateRuntimeError(
                f"{type(exc).__name__}: {exc}{hint}"
            ) from None
        return super().handle_exception(source)

    def check_parsed(self, tree: nodes.Template) -> None:
        for node in tree.find_all(nodes.Filter):
            if node.name in _REFUSED_FILTERS:
                raise jinja2.TemplateSyntaxError(
                    f"the filter '|{node.name}' is not allowed: {_REFUSED_FILTERS[node.name]}",
                    node.lineno,
                )
        for kind, message in _REFUSED_NODES.items():
            for refused in tree.find_all(kind):
                raise jinja2.TemplateSyntaxError(message, refused.lineno)
        _refuse_growing_sets(tree)


def _checked_filter(name: str, function: Any) -> Any:
    """``function`` (the filter ``name``), its arguments checked first. functools.wraps
    keeps the mark that tells Jinja to pass the context or environment first."""

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        bounds.check_filter(name, args, kwargs)
        return function(*args, **kwargs)

    return checked


def _refuse_growing_sets(tree: nodes.Template) -> None:
    """Refuse a '{% set %}' whose value uses the name it sets ('{% set a = a ~ a %}'): run
    again, or in a loop, each doubles the value."""
    sets: list[nodes.Assign | nodes.AssignBlock] = [
        *tree.find_all(nodes.Assign),
        *tree.find_all(nodes.AssignBlock),
    ]
    for node in sets:
        targets = _names_set(node.target)
        body = [node.node] if isinstance(node, nodes.Assign) else node.body
        for used in (u for part in body for u in _names_used(part)):
            if used in targets:
                raise jinja2.TemplateSyntaxError(
                    f"'{{% set {used} = … %}}' uses {used} in its own value, so that each "
                    "pass can double it; give the new value a name of its own (for a count, "
                    "use loop.index)",
                    node.lineno,
                )


def _names_set(target: nodes.Node) -> set[str]:
    if isinstance(target, nodes.Name):
        return {target.name}
    if isinstance(target, nodes.NSRef):
        return {f"{target.name}.{target.attr}"}
    return {n for item in getattr(target, "items", ()) for n in _names_set(item)}


def _names_used(value: nodes.Node) -> set[str]:
    used = {n.name for n in value.find_all(nodes.Name) if n.ctx == "load"}
    if isinstance(value, nodes.Name) and value.ctx == "load":
        used.add(value.name)
    for attribute in value.find_all(nodes.Getattr):
        if isinstance(attribute.node, nodes.Name):
            used.add(f"{attribute.node.name}.{attribute.attr}")
    return used


def check_rendered(doc: Any, env: TemplateEnvironment, template: Path) -> None:
    """Every value the template printed must be in the text of the part it went to.

    docxtpl reparses its output with a recovering parser, which drops what it cannot
    place without a word, and Word shows no text outside a text run. In each part the
    values are looked for in the order they were printed, each after the one before, so
    a lost value is not mistaken for the same words elsewhere, and the text is read
    about once. Constants, and properties (rendered one by one), are looked for
    anywhere in their part.
    """
    texts = _part_texts(doc, template)
    for part in env.printed.keys() | env.constants.keys():
        text, attributes = texts.get(part, ("", set()))
        at = 0
        for value in env.printed.get(part, []):
            if value in attributes:
                continue
            found = _find(text, value, at if part != PROPERTIES_PART else 0)
            if found < 0:
                _refuse_lost(template, value, part)
            at = max(at, found)
        for value in env.constants.get(part, []):
            if _find(text, value, 0) < 0:
                _refuse_lost(template, value, part)


def _find(text: str, value: str, at: int) -> int:
    """Where ``value`` ends in ``text``, looking from ``at``; -1 when it is not there.

    docxtpl turns tabs and line breaks into Word elements, so such a value is looked
    for piece by piece. The output of a macro or a block holds values printed (and
    found) before it, so it may begin up to its own length before ``at``.
    """
    pieces = _BREAKS.split(value) if _has_break(value) else (value,)
    for start in (at, max(0, at - len(value))):
        end = start
        for piece in pieces:
            found = text.find(piece, end)
            if found < 0:
                break
            end = found + len(piece)
        else:
            return end
    return -1


def _refuse_lost(template: Path, value: str, part: str) -> None:
    raise BuildError(
        f"{printable(str(template))}: the value {printable(value[:60])!r} was printed into "
        f"{part.lstrip('/')} but is not in the rendered text; a tag sits where Word shows "
        "no text (in deleted text, or outside a text run)"
    )


def _has_break(value: str) -> bool:
    return "\n" in value or "\t" in value or "\a" in value or "\f" in value


def _parsed(data: bytes, part: str, template: Path) -> Any:
    """A part docxtpl left as text once filled: a value printed into its markup (an '&'
    cut from its entity) leaves it broken, where the body's recovering parse drops it."""
    try:
        return etree.fromstring(data, etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        raise BuildError(
            f"{printable(str(template))}: {part.lstrip('/')} is not well-formed XML once "
            f"filled ({exc}); a value printed there breaks its markup"
        ) from None


def _part_texts(doc: Any, template: Path) -> dict[str, tuple[str, set[str]]]:
    """The text of each rendered part in document order (line breaks, being elements,
    add nothing), and the values in its attributes that docxtpl prints into."""
    texts: dict[str, tuple[str, set[str]]] = {}
    for part in doc.part.package.iter_parts():
        name = str(part.partname)
        if name == PROPERTIES_PART:
            texts[name] = ("".join(part.element.itertext()), set())
        elif name.startswith("/word/") and any(p in name for p in _BODY_PARTS):
            # docxtpl leaves rendered footnotes as bytes, not as a parsed part, read here
            # as python-docx reads the others: entities left alone.
            root = part.element if hasattr(part, "element") else _parsed(part.blob, name, template)
            # A list, not a generator: join is twice as fast on one.
            text = "".join([element.text or "" for element in root.iter(*_TEXT_TAGS)])
            attributes = {
                element.get(attribute, "")
                for tag, attribute in _PRINTED_INTO
                for element in root.iter(tag)
            }
            texts[name] = (text, attributes)
    return texts
