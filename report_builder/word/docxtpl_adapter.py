"""The one module that overrides, or writes in place of, what docxtpl, Jinja and
python-docx keep to themselves.

Nowhere else does report-builder override or assign a name those libraries do not offer
as theirs to use, so an upgrade of any of them has this one file to check. What is
overridden, and why:

docxtpl 0.20, ``DocxTemplate`` (whose methods are not documented API):

- ``patch_xml``, which rewrites each part's tags before Jinja sees them: the tags are
  first handed to the caller's check, as docxtpl rewrites the raw-XML tags ({{r }},
  {{p }}, ...) away there, and text printed through one of them is lost.
- ``render_xml_part`` and ``render_properties``, which render one part each: the
  environment is told which part the values it prints go to, so that each value can be
  looked for in that part afterwards.
- ``render_footnotes``, which renders the footnotes part once for each section of the
  document, so that in a document of three sections a value printed into a footnote
  (a '{{ … }}' in a submission) is run as a template twice more: here each footnotes
  part is rendered once, as the body is.
- ``resolve_listing``, which turns tabs, line breaks and the \\a and \\f characters in
  a part's text into Word's markup, by reading every paragraph and run of the part with
  regular expressions (a sixth of filling the compilation): a part whose text holds none
  of them is passed over, as docxtpl would return it unchanged.
- ``get_undeclared_template_variables``, which reads the body, headers and footers but not
  the footnotes: the names the footnotes use are added, so that a template is checked for
  them before it is filled, as for the rest.

Jinja 3.1, ``Environment._parse``, through which every template passes on its way both
to compiling and to docxtpl's search for undeclared names: the syntax tree is handed to
the environment's check, which refuses filters and tags before anything runs.

Jinja 3.1, ``CodeGenerator.visit_Concat``, which compiles the '~' operator to a join
that no sandbox hook reaches (``intercepted_binops`` covers '+', '*' and the like, not
'~'): the items are handed to the environment's ``check_concat`` before they are joined,
so that a chain of '~' cannot build gigabytes of text. The generator is set through
``Environment.code_generator_class``, which Jinja offers for the purpose.

python-docx 1.2: ``Comments`` writes the XML of ``Document.add_comment``, from copies of
one element, and reads the private ``Run._r`` to anchor it. python-docx stamps each
comment with the current time, which a reproducible build cannot, and looks for the
highest id among all comments at each one: a rebuild at 40 submissions whose every
summary changed takes 0.96 s (process wall) with python-docx's, 0.66 s with these (a
first build, with few comments, gains under 6 %).

pyproject.toml pins the three to the versions named: a new version is taken once the
overrides are checked against it. tests/test_filling.py compares what the build fills
and comments with what docxtpl and python-docx make themselves.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from abc import ABCMeta, abstractmethod
from collections.abc import Callable
from typing import Any, cast

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement
from docx.oxml.comments import CT_Comment
from docx.oxml.ns import qn
from docx.oxml.text.run import CT_R
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.run import Run
from docxtpl import DocxTemplate
from jinja2 import Environment, meta, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

# The part docxtpl's render_properties fills: the document's core properties.
PROPERTIES_PART = "/docProps/core.xml"


class _ConcatChecked(CodeGenerator):
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        # As Jinja writes it, with the items passed through the environment's check.
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        else:
            join = "markup_join" if frame.eval_ctx.autoescape else "str_join"
        self.write(f"{join}(environment.check_concat((")
        for item in node.nodes:
            self.visit(item, frame)
            self.write(", ")
        self.write(")))")


class CheckedEnvironment(SandboxedEnvironment, metaclass=ABCMeta):
    """Jinja's sandbox with the three hooks a template's checks need, which neither Jinja
    nor docxtpl offers."""

    code_generator_class = _ConcatChecked

    @abstractmethod
    def check_concat(self, items: tuple[Any, ...]) -> tuple[Any, ...]:
        """Return the items '~' is about to join, or raise SecurityError."""

    @abstractmethod
    def check_parsed(self, tree: nodes.Template) -> None:
        """Refuse the template parsed into ``tree`` by raising TemplateSyntaxError."""

    @abstractmethod
    def printing_to(self, part: str) -> None:
        """docxtpl starts rendering ``part`` (a part name, such as /word/document.xml)."""

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        self.check_parsed(tree)
        return tree


# What docxtpl's resolve_listing turns into markup: a tab, \a or \f anywhere (passed to
# docxtpl to decide), or a line break inside a w:t's text.
_LISTING = re.compile(r"[\t\a\f]|<w:t(?: [^>]*)?>[^<]*\n")


class Filler(DocxTemplate):  # type: ignore[misc]
    """docxtpl filling the template ``data``, each part's tags checked by ``check_tags``
    as written. What comes out is what docxtpl makes."""

    docx: DocxDocument

    def __init__(self, data: bytes, check_tags: Callable[[str], None]) -> None:
        super().__init__(io.BytesIO(data))
        self.check_tags = check_tags

    def patch_xml(self, src_xml: str) -> str:
        self.check_tags(src_xml)
        patched: str = super().patch_xml(src_xml)
        return patched

    def resolve_listing(self, xml: str) -> str:
        if _LISTING.search(xml) is None:
            return xml
        resolved: str = super().resolve_listing(xml)
        return resolved

    def render_xml_part(self, src_xml: str, part: Any, context: Any, jinja_env: Any = None) -> str:
        if isinstance(jinja_env, CheckedEnvironment):
            jinja_env.printing_to(str(part.partname))
        rendered: str = super().render_xml_part(src_xml, part, context, jinja_env)
        return rendered

    def render_properties(self, context: Any, jinja_env: Any = None) -> None:
        if isinstance(jinja_env, CheckedEnvironment):
            jinja_env.printing_to(PROPERTIES_PART)
        super().render_properties(context, jinja_env)

    def render_footnotes(self, context: Any, jinja_env: Any = None) -> None:
        env = jinja_env if jinja_env is not None else Environment()
        for part in self.docx.part.package.iter_parts():
            if part.content_type == CT.WML_FOOTNOTES:
                xml = self.patch_xml(part.blob.decode("utf-8"))
                xml = self.render_xml_part(xml, part, context, env)
                # docxtpl keeps the part as bytes, which python-docx writes as they are.
                part._blob = xml.encode("utf-8")

    def get_undeclared_template_variables(
        self, jinja_env: Any = None, context: Any = None
    ) -> set[str]:
        names: set[str] = set(super().get_undeclared_template_variables(jinja_env, context))
        env = jinja_env if jinja_env is not None else Environment()
        self.init_docx()
        for part in self.docx.part.package.iter_parts():
            if part.content_type == CT.WML_FOOTNOTES:
                xml = self.patch_xml(part.blob.decode("utf-8"))
                found = meta.find_undeclared_variables(env.parse(xml))
                names |= found - set(context or ())
        return names


class Comments:
    """Word comments by one author, dated ``when``: the elements python-docx's
    add_comment writes, copied from ones built once."""

    def __init__(self, doc: DocxDocument, author: str, initials: str, when: dt.datetime) -> None:
        self._doc = doc
        self._element: BaseOxmlElement | None = None
        self._next_id = 0
        comment = cast(CT_Comment, OxmlElement("w:comment", attrs={qn("w:id"): "0"}))
        comment.set(qn("w:author"), author)
        comment.set(qn("w:initials"), initials)
        comment.set(qn("w:date"), when.strftime("%Y-%m-%dT%H:%M:%SZ"))
        paragraph = comment.add_p()
        paragraph.get_or_add_pPr().style = "CommentText"
        annotation = paragraph.add_r()
        annotation.style = "CommentReference"
        annotation.append(OxmlElement("w:annotationRef"))
        self._comment = comment
        reference = cast(CT_R, OxmlElement("w:r"))
        reference.style = "CommentReference"
        reference.append(OxmlElement("w:commentReference", attrs={qn("w:id"): "0"}))
        self._reference = reference

    def _comments(self) -> BaseOxmlElement:
        # python-docx adds the comments part when first asked for it: only when needed.
        if self._element is None:
            _ = self._doc.comments
            part = cast(XmlPart, self._doc.part.part_related_by(RT.COMMENTS))
            self._element = part.element
            ids = self._element.xpath("./w:comment/@w:id")
            self._next_id = max((int(i) for i in ids), default=-1) + 1
        return self._element

    def add(self, first: Run, last: Run, text: str) -> None:
        """A comment on the runs from ``first`` to ``last``; a line of ``text`` per paragraph."""
        self.add_between(first._r, last._r, text)

    def mine(self) -> dict[str, BaseOxmlElement]:
        """The comments by this writer's author, by id."""
        author = self._comment.get(qn("w:author"))
        return {n: c for n, c in self.by_id().items() if c.get(qn("w:author")) == author}

    def by_id(self) -> dict[str, BaseOxmlElement]:
        """The document's comments (``w:comment``) by id."""
        comments = self._comments().iterchildren(qn("w:comment"))
        return {c.get(qn("w:id"), ""): cast(BaseOxmlElement, c) for c in comments}

    def rewrite(self, number: str, text: str) -> None:
        """Replace the text of comment ``number``, keeping its author and date."""
        comment = self.by_id().get(number)
        if comment is None:
            return
        fresh = copy.deepcopy(self._comment)
        for paragraph in comment.findall(qn("w:p")):
            comment.remove(paragraph)
        for paragraph in fresh.findall(qn("w:p")):
            comment.append(paragraph)
        comment.p_lst[0].append(_text_run(text))  # type: ignore[attr-defined]

    def copy(self, comment: BaseOxmlElement) -> str:
        """A copy of ``comment`` (from another document) in this one; returns its id."""
        number = self._new_id()
        copied = copy.deepcopy(comment)
        copied.set(qn("w:id"), number)
        self._comments().append(copied)
        return number

    def _new_id(self) -> str:
        self._comments()
        number = str(self._next_id)
        self._next_id += 1
        return number

    def add_between(self, first: etree._Element, last: etree._Element, text: str) -> None:
        """A comment on the runs from ``first`` to ``last`` (``w:r`` elements)."""
        element = self._comments()
        number = self._new_id()
        comment = copy.deepcopy(self._comment)
        comment.set(qn("w:id"), number)
        lines = text.split("\n") if text else []
        for i, line in enumerate(lines):
            if i == 0:  # the first line goes beside the annotation mark, even when empty
                comment.p_lst[0].append(_text_run(line))
                continue
            paragraph = comment.add_p()
            paragraph.style = "CommentText"
            if line:
                paragraph.append(_text_run(line))
        element.append(comment)
        first.addprevious(OxmlElement("w:commentRangeStart", attrs={qn("w:id"): number}))
        reference = copy.deepcopy(self._reference)
        reference[-1].set(qn("w:id"), number)
        last.addnext(reference)
        last.addnext(OxmlElement("w:commentRangeEnd", attrs={qn("w:id"): number}))


def _text_run(text: str) -> CT_R:
    """``<w:r>`` holding ``text``, as python-docx's run text setter writes it."""
    r = cast(CT_R, OxmlElement("w:r"))
    if "\t" in text or "\r" in text:  # tabs and breaks become elements of their own
        r.text = text
    elif text:
        r.add_t(text)
    return r
