"""The blocks of a report, marked so that a later build can find them in a reviewer's
draft: each generated paragraph, each entity's credit and each table row carries a
hidden bookmark (Word hides the names that start with '_') whose name is a stable key.

Word and LibreOffice both keep bookmarks through editing and saving, and a bookmark
spans part of a paragraph (a credit) or several cells (a row) as readily as a whole
paragraph, so the key needs no other markup a reviewer could disturb.
"""

from __future__ import annotations

import copy
import hashlib
from collections import Counter, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

PREFIX = "_rb_"
PARAGRAPH, CREDIT, ROW = "p", "c", "r"

_P, _R, _T, _TBL, _TR, _TC = (qn(t) for t in ("w:p", "w:r", "w:t", "w:tbl", "w:tr", "w:tc"))
_PPR, _RPR, _STYLE, _RSTYLE = qn("w:pPr"), qn("w:rPr"), qn("w:pStyle"), qn("w:rStyle")
_START, _END = qn("w:bookmarkStart"), qn("w:bookmarkEnd")
_GRID, _GRID_COL = qn("w:tblGrid"), qn("w:gridCol")
_ID, _NAME, _VAL = qn("w:id"), qn("w:name"), qn("w:val")
_COMMENT_REFERENCE, _FOOTNOTE_REFERENCE = qn("w:commentReference"), qn("w:footnoteReference")
# The run properties that make text look otherwise, as a reviewer sets them to stress a
# word: a block whose text is unchanged but looks otherwise was edited.
_EMPHASIS = {
    qn(f"w:{name}"): name
    for name in ("b", "i", "u", "strike", "dstrike", "caps", "smallCaps", "highlight", "vertAlign")
}
_OFF = {"0", "false", "off", "none", "baseline"}
# What reads as a space between words, and the hyphen Word shows for a non-breaking one.
_SPACES = {qn("w:tab"), qn("w:br"), qn("w:cr")}
_HYPHEN = qn("w:noBreakHyphen")


def block_name(kind: str, *material: str) -> str:
    """The bookmark name of a block: a hash of what places it, within Word's 40
    characters."""
    digest = hashlib.sha256("\x1f".join(material).encode("utf-8")).hexdigest()[:16]
    return f"{PREFIX}{kind}{digest}"


def collapsed(text: str) -> str:
    return " ".join(text.split())


def paragraph_style(p: etree._Element) -> str:
    style = p.find(f"{_PPR}/{_STYLE}")
    return "" if style is None else style.get(_VAL, "")


def element_text(element: etree._Element) -> str:
    """The text Word shows in ``element`` with its tracked changes accepted: inserted
    text in, deleted text out, tabs and breaks as spaces."""
    parts: list[str] = []
    for node in element.iter(_T, _HYPHEN, *_SPACES):
        if node.tag == _T:
            parts.append(node.text or "")
        elif node.tag == _HYPHEN:
            parts.append("-")
        else:
            parts.append(" ")
    return collapsed("".join(parts))


def _row_text(row: etree._Element) -> str:
    """What a row reads, cell by cell: an empty cell added or removed changes it."""
    return " | ".join(element_text(cell) for cell in row.iter(_TC))


class Marker:
    def __init__(self, body: etree._Element) -> None:
        ids = [int(i) for s in body.iter(_START) if (i := s.get(_ID, "")).isdigit()]
        self.next_id = max(ids, default=0) + 1

    def renumber(self, elements: Iterable[etree._Element]) -> None:
        """New ids for the bookmarks in ``elements``, copied from another document."""
        ids: dict[str, str] = {}
        for element in elements:
            for node in element.iter(_START, _END):
                old = node.get(_ID, "")
                if old not in ids:
                    ids[old] = str(self.next_id)
                    self.next_id += 1
                node.set(_ID, ids[old])

    def mark(self, name: str, first: etree._Element, last: etree._Element) -> None:
        """A bookmark ``name`` from before ``first`` to after ``last``."""
        number = str(self.next_id)
        self.next_id += 1
        first.addprevious(OxmlElement("w:bookmarkStart", attrs={_ID: number, _NAME: name}))
        last.addnext(OxmlElement("w:bookmarkEnd", attrs={_ID: number}))

    def mark_paragraph(self, name: str, p: etree._Element) -> None:
        """A bookmark over the whole content of ``p``."""
        self._mark_across(name, p, p)

    def mark_row(self, name: str, row: etree._Element) -> None:
        """A bookmark from the first cell's first paragraph to the last cell's last."""
        paragraphs = row.findall(f"{_TC}/{_P}")
        if paragraphs:
            self._mark_across(name, paragraphs[0], paragraphs[-1])

    def mark_before(self, name: str, element: etree._Element) -> None:
        """A bookmark that starts before ``element`` and ends right there: a credit's, which
        runs to the next block's start whatever its end."""
        number = str(self.next_id)
        self.next_id += 1
        element.addprevious(OxmlElement("w:bookmarkStart", attrs={_ID: number, _NAME: name}))
        element.addprevious(OxmlElement("w:bookmarkEnd", attrs={_ID: number}))

    def _mark_across(self, name: str, first: etree._Element, last: etree._Element) -> None:
        number = str(self.next_id)
        self.next_id += 1
        start = OxmlElement("w:bookmarkStart", attrs={_ID: number, _NAME: name})
        properties = first.find(_PPR)
        if properties is None:
            first.insert(0, start)
        else:
            properties.addnext(start)
        last.append(OxmlElement("w:bookmarkEnd", attrs={_ID: number}))


def mark_blocks(
    body: etree._Element,
    outline: Mapping[str, int],
    credit_style: str,
    credits: Sequence[tuple[str, str]],
    identities: Mapping[str, str],
) -> dict[str, str]:
    """Bookmark every block of ``body``; returns each credit's bookmark with its entity.

    ``outline`` gives the level of each heading style; a block's key is made of the
    headings above it, so that it stays the same when the text around it changes. A
    heading whose text ``identities`` knows stands in the key for what it heads (a
    paragraph of the resolution, a theme), so that a retitled paragraph keeps its blocks.
    ``credits`` are the entities' credits as printed, (entity id, text) in document
    order: each is found among the runs in ``credit_style`` and keyed by its entity.
    Every other paragraph with text is keyed by its style and its place among the
    paragraphs of that style under the same heading (a bracketed note also by its label,
    such as '[Missing'), and each table row by its first cell.
    """
    marker = Marker(body)
    path: list[str] = []
    seen: Counter[tuple[str, ...]] = Counter()
    queue = deque((entity, collapsed(text)) for entity, text in credits)
    credited: dict[str, str] = {}

    def counted(*material: str) -> str:
        key = (*path, *material)
        seen[key] += 1
        return str(seen[key] - 1)

    for child in list(body):
        if child.tag == _TBL:
            table = counted("table")
            for row in child.findall(_TR):
                cell = row.find(_TC)
                if cell is None:
                    continue
                first = element_text(cell)
                name = block_name(ROW, *path, "table", table, first, counted(table, first))
                marker.mark_row(name, row)
            continue
        if child.tag != _P:
            continue
        text = element_text(child)
        if not text:
            continue
        style = paragraph_style(child)
        level = outline.get(style)
        if level is not None:
            del path[level - 1 :]
            path.extend([""] * (level - 1 - len(path)))
            path.append(identities.get(text, text))
            marker.mark_paragraph(block_name(PARAGRAPH, "heading", *path), child)
            continue
        if queue and _mark_credits(marker, child, credit_style, queue, path, credited):
            continue
        label = text.split(":", 1)[0] if text.startswith("[") and ":" in text[:40] else ""
        name = block_name(PARAGRAPH, *path, style, label, counted(style, label))
        marker.mark_paragraph(name, child)
    return credited


def _mark_credits(
    marker: Marker,
    p: etree._Element,
    style: str,
    queue: deque[tuple[str, str]],
    path: list[str],
    credited: dict[str, str],
) -> bool:
    """Bookmark the credits next in ``queue`` found in ``p``; whether there were any."""
    found = False
    for group in _styled_groups(p, style):
        spans = [group] if _text_of(group) == queue[0][1] else [[r] for r in group]
        for span in spans:
            if queue and _text_of(span) == queue[0][1]:
                entity, _ = queue.popleft()
                name = block_name(CREDIT, *path, "credit", entity)
                marker.mark(name, span[0], span[-1])
                credited[name] = entity
                found = True
        if not queue:
            break
    return found


def _styled_groups(p: etree._Element, style: str) -> list[list[etree._Element]]:
    """The runs of ``p`` in character style ``style``, in groups of direct neighbours."""
    groups: list[list[etree._Element]] = []
    previous: etree._Element | None = None
    for child in p:
        styled = child.tag == _R and child.find(f"{_RPR}/{_RSTYLE}") is not None
        if styled and child.find(f"{_RPR}/{_RSTYLE}").get(_VAL) == style:  # type: ignore[union-attr]
            if previous is not None and groups:
                groups[-1].append(child)
            else:
                groups.append([child])
            previous = child
        else:
            previous = None
    return groups


def _text_of(runs: Iterable[etree._Element]) -> str:
    return collapsed(" ".join(element_text(r) for r in runs))


@dataclass
class Block:
    """A block as found in a document: its bookmark's start, what it reads (tracked
    changes accepted), and the chapter and the heading it is under, each as its
    ``heading_key``.

    Only the start of a bookmark is relied on: LibreOffice moves a bookmark's end (a
    character early after a comment's anchor, into the last cell of a row), repeats its
    start in each cell of a row, and moves it into a tracked insertion that follows it.
    A paragraph's block is the whole paragraph, a row's the whole row, and a credit runs,
    in document order, to the next block's start or the paragraph's end.
    """

    name: str
    start: etree._Element
    text: str
    chapter: str
    heading: str = ""

    @property
    def kind(self) -> str:
        return self.name[len(PREFIX)]

    @property
    def paragraph(self) -> etree._Element:
        """The paragraph the block starts in."""
        return _ancestor(self.start, _P)

    @property
    def row(self) -> etree._Element:
        return _ancestor(self.start, _TR)

    @property
    def runs(self) -> list[etree._Element]:
        """The runs the block holds, in document order, those inside a tracked change or
        a hyperlink included."""
        if self.kind == ROW:
            return list(self.row.iter(_R))
        if self.kind == CREDIT:
            return credit_runs(self.start)
        return list(self.paragraph.iter(_R))

    @property
    def emphasis(self) -> tuple[tuple[frozenset[str], str], ...]:
        """The block's text in stretches of the same emphasis (bold, italic, …)."""
        return emphasis(self.runs)

    @property
    def elements(self) -> list[etree._Element]:
        """The children of the block's paragraph (or the row) that hold its runs, with the
        comment marks between them."""
        if self.kind == ROW:
            return [self.row]
        paragraph = self.paragraph
        runs = self.runs
        if not runs:
            return []
        first, last = _child_of(paragraph, runs[0]), _child_of(paragraph, runs[-1])
        children = list(paragraph)
        return children[children.index(first) : children.index(last) + 1]

    @property
    def last(self) -> etree._Element:
        """The child of the paragraph after which text that follows the block goes: after
        its last run that shows something, and the bookmark ends right after it."""
        shown = [r for r in self.runs if not _blank(r)]
        return after(self.paragraph, shown[-1] if shown else self.start)


def after(paragraph: etree._Element, element: etree._Element) -> etree._Element:
    """The child of ``paragraph`` that holds ``element``, or the bookmark ends right after
    it: what text that follows ``element`` goes after."""
    last = _child_of(paragraph, element)
    while (following := last.getnext()) is not None and following.tag == _END:
        last = following
    return last


def trimmed(elements: list[etree._Element]) -> list[etree._Element]:
    """``elements`` without the runs of space at their end."""
    kept = list(elements)
    while kept and _blank(kept[-1]):
        kept.pop()
    return kept


def _child_of(paragraph: etree._Element, element: etree._Element) -> etree._Element:
    """The child of ``paragraph`` that is or holds ``element``."""
    while (parent := element.getparent()) is not None and parent is not paragraph:
        element = parent
    return element


def _blank(element: etree._Element) -> bool:
    """A run that shows nothing but space, and anchors no comment or footnote."""
    return (
        element.tag == _R
        and not element_text(element).strip()
        and element.find(_COMMENT_REFERENCE) is None
        and element.find(_FOOTNOTE_REFERENCE) is None
    )


def end_of(start: etree._Element) -> etree._Element:
    """A bookmark end for the bookmark ``start`` opens."""
    return OxmlElement("w:bookmarkEnd", attrs={_ID: start.get(_ID, "0")})


def credit_range(start: etree._Element) -> list[etree._Element]:
    """The siblings after a credit's bookmark start up to the next block's start: in a
    report as built, all that the credit holds."""
    found: list[etree._Element] = []
    for sibling in start.itersiblings():
        if sibling.tag == _START and sibling.get(_NAME, "").startswith(PREFIX):
            break
        if sibling.tag == _END:
            continue
        found.append(sibling)
    return found


def credit_runs(start: etree._Element) -> list[etree._Element]:
    """The runs after a credit's bookmark start, in document order, up to the next
    block's start or the end of the paragraph."""
    paragraph = _ancestor(start, _P)
    found: list[etree._Element] = []
    after = False
    for node in paragraph.iter(_START, _R):
        if node is start:
            after = True
        elif not after:
            continue
        elif node.tag == _START and node.get(_NAME, "").startswith(PREFIX):
            break
        elif node.tag == _R:
            found.append(node)
    return found


def _run_emphasis(run: etree._Element) -> frozenset[str]:
    properties = run.find(_RPR)
    if properties is None:
        return frozenset()
    return frozenset(
        f"{_EMPHASIS[child.tag]}={child.get(_VAL, 'on')}"
        for child in properties
        if child.tag in _EMPHASIS and child.get(_VAL, "on") not in _OFF
    )


def emphasis(runs: Iterable[etree._Element]) -> tuple[tuple[frozenset[str], str], ...]:
    """What ``runs`` show, in stretches of the same emphasis, white space collapsed."""
    stretches: list[tuple[frozenset[str], str]] = []
    paragraph: etree._Element | None = None
    for run in runs:
        text = _raw_text(run)
        if not text:
            continue
        # A row's cells and paragraphs read apart, as its text does.
        holder = next(run.iterancestors(_P), None)
        if holder is not paragraph:
            text, paragraph = f" {text}", holder
        # A space looks like the text before it: whether it is bold shows nothing.
        look = _run_emphasis(run) if text.strip() or not stretches else stretches[-1][0]
        if stretches and stretches[-1][0] == look:
            stretches[-1] = (look, stretches[-1][1] + text)
        else:
            stretches.append((look, text))
    return tuple((look, collapsed(text)) for look, text in stretches if text.strip())


def runs_text(runs: Iterable[etree._Element]) -> str:
    """What ``runs`` read together, white space collapsed."""
    return collapsed("".join(_raw_text(r) for r in runs))


def _raw_text(element: etree._Element) -> str:
    parts: list[str] = []
    for node in element.iter(_T, _HYPHEN, *_SPACES):
        parts.append(node.text or "" if node.tag == _T else "-" if node.tag == _HYPHEN else " ")
    return "".join(parts)


def _ancestor(element: etree._Element, tag: str) -> etree._Element:
    found = next((a for a in element.iterancestors(tag)), None)
    if found is None:
        raise ValueError(f"no {tag} around the bookmark")
    return found


def heading_key(p: etree._Element) -> str:
    """What names the heading ``p`` whatever its text: its block's bookmark, or else its
    text (a heading the reviewers wrote)."""
    for start in p.iter(_START):
        if start.get(_NAME, "").startswith(PREFIX):
            return start.get(_NAME, "")
    return element_text(p)


def read_blocks(
    body: etree._Element, chapter_styles: Iterable[str], heading_styles: Iterable[str] = ()
) -> dict[str, Block]:
    """The blocks of ``body`` by bookmark name, in document order, each with the key of
    the paragraph in one of ``chapter_styles`` and of ``heading_styles`` last before it.
    A name that occurs twice (a bookmark copied with its text, or repeated in a row's
    cells) counts where it first occurs; a bookmark out of its place (a row's outside a
    table) is passed over."""
    chapters = set(chapter_styles)
    headings = chapters | set(heading_styles)
    blocks: dict[str, Block] = {}
    chapter = heading = ""
    for node in body.iter(_P, _START):
        if node.tag == _P:
            style = paragraph_style(node)
            if style in headings:
                heading = heading_key(node)
                if style in chapters:
                    chapter = heading
            continue
        name = node.get(_NAME, "")
        if not name.startswith(PREFIX) or name in blocks:
            continue
        kind = name[len(PREFIX) : len(PREFIX) + 1]
        holder = next(node.iterancestors(_TR if kind == ROW else _P), None)
        if kind not in (PARAGRAPH, CREDIT, ROW) or holder is None:
            continue
        if kind == ROW:
            text = _row_text(holder)
        elif kind == CREDIT:
            text = runs_text(credit_runs(node))
        else:
            text = element_text(holder)
        blocks[name] = Block(name, node, text, chapter, heading)
    return blocks


def find_credit(body: etree._Element, text: str) -> tuple[etree._Element, etree._Element] | None:
    """Where a credit whose bookmark a reviewer's edit removed still reads ``text``: the
    paragraph, and its child before which the credit starts."""
    for paragraph in body.iter(_P):
        runs = [r for r in paragraph.iter(_R) if not _blank(r)]
        if text not in runs_text(runs):
            continue
        for index, run in enumerate(runs):
            if runs_text(runs[index:]).startswith(text):
                return paragraph, _child_of(paragraph, run)
    return None


def unmarked_paragraphs(body: etree._Element) -> dict[str, list[etree._Element]]:
    """The paragraphs and rows that carry no block's bookmark, by the text they read:
    where a reviewer's edit removed a bookmark, the block may still be there."""
    found: dict[str, list[etree._Element]] = {}
    for element in body.iter(_P, _TR):
        if element.tag == _P and next(element.iterancestors(_TR), None) is not None:
            continue
        if any(s.get(_NAME, "").startswith(PREFIX) for s in element.iter(_START)):
            continue
        text = _row_text(element) if element.tag == _TR else element_text(element)
        if text:
            found.setdefault(text, []).append(element)
    return found


def grid(table: etree._Element) -> etree._Element | None:
    """The column grid of ``table`` (w:tblGrid)."""
    return table.find(_GRID)


def grid_columns(table: etree._Element) -> int:
    return len(table.findall(f"{_GRID}/{_GRID_COL}"))


def strip_marks(element: etree._Element) -> None:
    """Remove the blocks' bookmarks inside ``element`` (a copy that is not the block)."""
    for start in list(element.iter(_START)):
        if start.get(_NAME, "").startswith(PREFIX):
            number = start.get(_ID)
            for end in list(element.iter(_END)):
                if end.get(_ID) == number:
                    end.getparent().remove(end)  # type: ignore[union-attr]
            start.getparent().remove(start)  # type: ignore[union-attr]


def unmark(start: etree._Element) -> None:
    """Remove the bookmark ``start`` opens, left behind by a block whose text is gone, so
    that the block can be inserted again under its name."""
    number = start.get(_ID)
    for end in list(start.getroottree().iter(_END)):
        if end.get(_ID) == number:
            end.getparent().remove(end)  # type: ignore[union-attr]
    start.getparent().remove(start)  # type: ignore[union-attr]


def built_content(block: Block) -> list[etree._Element]:
    """What a block of a report as built holds: its paragraph's content, or a credit's
    elements without the space that separates it from the next."""
    if block.kind == CREDIT:
        return trimmed(credit_range(block.start))
    return [e for e in block.paragraph if e.tag != _PPR]


def cell_paragraphs(
    row: etree._Element, other: etree._Element
) -> list[tuple[etree._Element, etree._Element]] | None:
    """The paragraphs of two rows, cell by cell, in pairs; None when their cells or the
    paragraphs in them do not line up."""
    cells, others = row.findall(_TC), other.findall(_TC)
    if len(cells) != len(others):
        return None
    pairs: list[tuple[etree._Element, etree._Element]] = []
    for cell, another in zip(cells, others, strict=True):
        paragraphs, more = cell.findall(_P), another.findall(_P)
        if len(paragraphs) != len(more):
            return None
        pairs += zip(paragraphs, more, strict=True)
    return pairs


def paragraph_end(p: etree._Element) -> etree._Element:
    """The last child of ``p`` after which text is added: before a bookmark that ends the
    paragraph (a row's), so the text stays inside it."""
    children = [c for c in p if c.tag != _PPR]
    while children and children[-1].tag == _END:
        children.pop()
    if children:
        return children[-1]
    properties = p.find(_PPR)
    return p if properties is None else properties


def end_of_chapter(
    body: etree._Element, chapter: str, chapter_styles: Iterable[str]
) -> etree._Element | None:
    """The last paragraph or table of the chapter whose heading's key is ``chapter``, if
    it is still in ``body``."""
    styles = set(chapter_styles)
    inside: etree._Element | None = None
    for child in body:
        if child.tag == _P and paragraph_style(child) in styles:
            if inside is not None:
                return inside
            if heading_key(child) == chapter:
                inside = child
        elif inside is not None and child.tag in (_P, _TBL):
            inside = child
    return inside


def body_paragraphs(element: etree._Element) -> list[etree._Element]:
    return list(element.iter(_P))


def paragraph_with(
    paragraph: etree._Element, content: list[etree._Element], end: etree._Element
) -> etree._Element:
    """A copy of ``paragraph`` (its properties) holding ``content`` and then ``end``."""
    fresh = copy.deepcopy(paragraph)
    for child in list(fresh):
        if child.tag != _PPR:
            fresh.remove(child)
    for element in [*content, end]:
        fresh.append(element)
    return fresh
