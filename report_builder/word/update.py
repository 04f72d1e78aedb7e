"""The living draft: what changed between two builds of the report, carried into the
reviewers' edited draft as tracked changes, block by block (see oxml/blocks.py).

The rule, per block, between the base build (the one the draft came from), the draft and
the new build: what the reviewers left as it was takes the new build's text as a tracked
replacement; what they edited or deleted stays as they left it, with a comment where the
new build has something to say about it; a new block is inserted after the nearest block
before it that is still in the draft; nothing is regrouped or moved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from docx import Document
from docx.document import Document as DocxDocument
from lxml import etree

from report_builder.diagnostics import BuildError
from report_builder.inputs.words import word_count
from report_builder.outputs.package import BUILD_PROPERTY
from report_builder.word import contract, docxtpl_adapter, oxml, package_guard
from report_builder.word.oxml import blocks as marks
from report_builder.word.oxml import revisions
from report_builder.word.oxml.blocks import CREDIT, PARAGRAPH, ROW, Block
from report_builder.word.render import COMMENT_AUTHOR, COMMENT_INITIALS, CYCLE_PROPERTY, OUTLINE
from report_builder.wording import update as wording

# The tracked changes and comments are report-builder's, as the build's comments are.
AUTHOR, INITIALS = COMMENT_AUTHOR, COMMENT_INITIALS
# The headings that start a chapter: a new block whose chapter is gone from the draft is
# placed at the end of the nearest part still there.
CHAPTER_STYLES = (contract.HEADING_1.style_id, contract.ANNEX_HEADING.style_id)


class Outcome(StrEnum):
    INSERTED = "inserted"
    REPLACED = "replaced"
    DELETED = "deleted"
    CONFLICT = "left in conflict"


class _State(StrEnum):
    SAME = "same"
    EDITED = "edited"
    DELETED = "deleted"


@dataclass(frozen=True)
class Merged:
    docx: bytes
    outcomes: dict[tuple[str, Outcome], int]
    """How many blocks of each kind (PARAGRAPH, CREDIT, ROW) met each outcome."""
    conflicts: tuple[str, ...]
    """Each block left in conflict: its text as the new build has it, shortened."""
    word_count: int
    texts: frozenset[str]
    """The text of every flag in the updated draft, tracked changes accepted."""


def merge_draft(
    draft: bytes,
    base: bytes,
    new: bytes,
    sources: Mapping[str, str],
    stamp: dt.datetime,
    measure: Callable[[int], str],
    properties: dict[str, str],
) -> Merged:
    """The reviewers' ``draft`` with what changed from ``base`` to ``new`` (both as
    report-builder built them) as tracked changes. ``sources`` names, for a block of the
    new build, where its text comes from (an entity's submission); ``measure`` words the
    comment on the title from the updated draft's word count; ``properties`` are the
    custom properties the updated draft records (the new build's)."""
    document = Document(io.BytesIO(draft))
    base_blocks = _blocks_of(Document(io.BytesIO(base)))
    merger = _Merger(document, base_blocks, Document(io.BytesIO(new)), sources, stamp)
    merger.run()
    oxml.resolve_comments(document, merger.resolved)
    # The comments' styles too: a draft saved by LibreOffice names them otherwise.
    oxml.carry_styles(document, merger.new_doc, ("CommentText", "CommentReference"))
    words = word_count(oxml.text_before(document, contract.ANNEX_HEADING.style_id))
    merger.note_word_count(measure(words))
    oxml.set_custom_properties(document, properties)
    buffer = io.BytesIO()
    document.save(buffer)
    flags = frozenset(
        marks.collapsed("".join(oxml.run_text(r) for r in group))
        for group in oxml.adjacent_runs(
            oxml.runs_in_character_style(document, contract.FLAG.style_id)
        )
        if not any(revisions.is_deleted(r._r) for r in group)
    )
    return Merged(buffer.getvalue(), dict(merger.outcomes), tuple(merger.conflicts), words, flags)


def _blocks_of(document: DocxDocument) -> dict[str, Block]:
    return marks.read_blocks(document.element.body, CHAPTER_STYLES, OUTLINE)


class _Merger:
    def __init__(
        self,
        draft: DocxDocument,
        base: dict[str, Block],
        new: DocxDocument,
        sources: Mapping[str, str],
        stamp: dt.datetime,
    ) -> None:
        self.draft = draft
        self.body = draft.element.body
        self.base = base
        self.new_doc = new
        self.new = _blocks_of(new)
        self.sources = sources
        self.revisions = revisions.Revisions(self.body, AUTHOR, stamp)
        self.comments = docxtpl_adapter.Comments(draft, AUTHOR, INITIALS, stamp)
        self.new_comments = docxtpl_adapter.Comments(new, AUTHOR, INITIALS, stamp)
        self.outcomes: Counter[tuple[str, Outcome]] = Counter()
        self.conflicts: list[str] = []
        self.present: dict[str, Block] = {}
        self.state: dict[str, _State] = {}
        self.marker = marks.Marker(self.body)
        self.resolved: list[etree._Element] = []
        self._find_blocks()

    def _find_blocks(self) -> None:
        """How the reviewers left each block of the base build. A block whose bookmark a
        reviewer's edit removed is looked for by its text, and marked again where found."""
        found = _blocks_of(self.draft)
        unmarked = marks.unmarked_paragraphs(self.body)
        remarked = False
        for name, block in self.base.items():
            if name in found or not block.text:
                continue
            if block.kind == CREDIT:
                place = marks.find_credit(self.body, block.text)
                if place is not None:
                    self.marker.mark_before(name, place[1])
                    remarked = True
            elif unmarked.get(block.text):
                element = unmarked[block.text].pop(0)
                if block.kind == ROW:
                    self.marker.mark_row(name, element)
                else:
                    self.marker.mark_paragraph(name, element)
                remarked = True
        if remarked:
            found = _blocks_of(self.draft)
        self.found = found
        self.headings = {n for n, b in found.items() if b.kind == PARAGRAPH} | {
            b.heading for b in found.values()
        }
        for name, block in self.base.items():
            mine = found.get(name)
            if mine is None or not mine.text:
                self.state[name] = _State.DELETED
                continue
            same = mine.text == block.text and mine.emphasis == block.emphasis
            self.state[name] = _State.SAME if same else _State.EDITED
            self.present[name] = mine

    def run(self) -> None:
        order = list(self.new)
        for index, (name, block) in enumerate(self.new.items()):
            before = self.base.get(name)
            if before is None:
                if name not in self.present:
                    self._insert(block, order[:index])
                continue
            if before.text == block.text:
                continue
            state = self.state[name]
            if state is _State.SAME:
                self._replace(self.present[name], block)
            elif state is _State.EDITED:
                self._follow(self.present[name], block)
            else:
                self._changed_after_deletion(block, order[:index])
        for name, block in self.base.items():
            if name in self.new:
                continue
            if self.state[name] is _State.SAME:
                self._delete(self.present[name])
            elif self.state[name] is _State.EDITED:
                mine = self.present[name]
                self._comment(self._runs_of(mine), wording.no_longer_generated())
                self._conflict(block)

    # What the new build has, copied into the draft.

    def _content(self, block: Block, with_comments: bool = True) -> list[etree._Element]:
        """Copies of the runs (and comment marks) of ``block`` in the new build, with the
        comments they carry copied into the draft, or left out."""
        copies = revisions.copied(
            e for e in marks.built_content(block) if revisions.is_run_content(e)
        )
        if not with_comments:
            return revisions.without_comments(copies)
        return self._with_comments(copies)

    def _with_comments(self, elements: list[etree._Element]) -> list[etree._Element]:
        """``elements`` (copied from the new build) with the comments they carry copied
        into the draft, and their bookmarks numbered for it."""
        self.marker.renumber(elements)
        ids = revisions.comment_ids(elements)
        if ids:
            source = self.new_comments.by_id()
            renamed = {i: self.comments.copy(source[i]) for i in sorted(ids) if i in source}
            revisions.renumber_comments(elements, renamed)
        return elements

    def _new_paragraph(self, block: Block, keep_mark: bool) -> etree._Element:
        """A copy of the new build's paragraph of ``block``, all of it a tracked insertion;
        without the block's bookmark (``keep_mark`` False), it follows the reviewers' text
        and carries none of the new build's comments, only the one on what changed."""
        if block.kind == CREDIT:
            # Only this credit of the paragraph: its others are blocks of their own.
            p = marks.paragraph_with(
                block.paragraph,
                revisions.copied([block.start, *marks.built_content(block)]),
                marks.end_of(block.start),
            )
        else:
            p = revisions.copied([block.paragraph])[0]
        if not keep_mark:
            marks.strip_marks(p)
            revisions.without_comments(list(p))
        self._with_comments([p])
        self.revisions.track_content(p)
        self.revisions.mark_paragraph(p, "w:ins")
        return p

    def _new_row(self, block: Block, keep_mark: bool) -> etree._Element:
        row = revisions.copied([block.row])[0]
        if not keep_mark:
            marks.strip_marks(row)
            revisions.without_comments([row])
        self._with_comments([row])
        for p in marks.body_paragraphs(row):
            self.revisions.track_content(p)
        self.revisions.mark_row(row, "w:ins")
        return row

    # The three-way rule.

    def _replace(self, mine: Block, block: Block) -> None:
        """Left as built, changed since: the old text deleted, the new inserted."""
        self.outcomes[(block.kind, Outcome.REPLACED)] += 1
        if block.kind == ROW:
            self._replace_row(mine, block)
            return
        paragraph = mine.paragraph
        last = mine.last
        self._resolve(mine.elements)
        # A credit's space before the next one stays: the new text goes before it.
        runs = marks.trimmed(mine.runs) if mine.kind == CREDIT else mine.runs
        self.revisions.delete_runs(revisions.text_runs(runs))
        marks.after(paragraph, last).addnext(self.revisions.insertion(self._content(block)))

    def _replace_row(self, mine: Block, block: Block) -> None:
        """A row's changed cells, each as a tracked replacement of its paragraphs; the
        whole row, deleted and inserted again, where the cells no longer line up."""
        old = mine.row
        pairs = marks.cell_paragraphs(old, block.row)
        if pairs is None:
            self._resolve([old])
            self.revisions.delete_runs(revisions.text_runs([old]))
            self.revisions.mark_row(old, "w:del")
            marks.strip_marks(old)
            old.addnext(self._new_row(block, keep_mark=True))
            self._follow_grid(old.getparent(), block.row.getparent())
            return
        for p, built in pairs:
            if marks.element_text(p) == marks.element_text(built):
                continue
            self._resolve([p])
            self.revisions.delete_runs(list(revisions.text_runs([p])))
            ins = self.revisions.insertion(self._with_comments(revisions.run_content(built)))
            marks.paragraph_end(p).addnext(ins)

    def _follow_grid(self, table: etree._Element | None, built: etree._Element | None) -> None:
        """The new build's columns for ``table``, once its rows have as many cells: a
        paragraph added to the action table adds a column to the annex's matrix."""
        if table is None or built is None:
            return
        columns = marks.grid(built)
        if columns is not None and marks.grid_columns(table) != marks.grid_columns(built):
            self.revisions.change_grid(table, columns)

    def _follow(self, mine: Block, block: Block) -> None:
        """Edited by the reviewers, changed since: their text stays, the new text follows
        as a tracked insertion with a comment."""
        self._conflict(block)
        note = wording.changed_under_edit(self._source(block))
        if block.kind == ROW:
            row = self._new_row(block, keep_mark=False)
            mine.row.addnext(row)
            self._comment(list(revisions.text_runs([row])), note)
        elif block.kind == CREDIT:
            ins = self.revisions.insertion(
                [revisions.space_run(), *self._content(block, with_comments=False)]
            )
            mine.last.addnext(ins)
            self._comment(list(revisions.text_runs([ins]))[1:], note)
        else:
            p = self._new_paragraph(block, keep_mark=False)
            mine.paragraph.addnext(p)
            self._comment(list(revisions.text_runs([p])), note)

    def _changed_after_deletion(self, block: Block, before: list[str]) -> None:
        """Deleted by the reviewers, changed since: it stays deleted, and a comment at its
        place says what the new text would be."""
        self._conflict(block)
        anchor = self._anchor(before)
        if anchor is not None:
            note = wording.changed_after_deletion(self._source(block), block.text)
            self._comment(self._runs_of(anchor)[-1:], note)

    def _insert(self, block: Block, before: list[str]) -> None:
        """New since the base build: a tracked insertion after the nearest block before it
        that is still in the draft; where its part of the draft is gone, at the end of its
        chapter, with a comment."""
        left = self.found.get(block.name)
        if left is not None:
            if left.text:
                self.present[block.name] = left  # the reviewers have it from elsewhere
                return
            # Deleted by an update the reviewers accepted: its bookmark stayed behind.
            marks.unmark(left.start)
        if block.kind == ROW:
            self._insert_row(block)
            return
        anchor = self._anchor(before)
        if anchor is None:
            self._conflict(block)
            return
        self.outcomes[(block.kind, Outcome.INSERTED)] += 1
        # A new heading (a paragraph added to the action table) makes its own place, after
        # the passage before it; what it heads follows it there.
        heading = block.heading == block.name
        if heading:
            self.headings.add(block.name)
        moved = (
            not heading and anchor.heading != block.heading and block.heading not in self.headings
        )
        if block.kind == CREDIT and anchor.kind == CREDIT and anchor.heading == block.heading:
            start = revisions.copied([block.start])[0]
            end = marks.end_of(start)
            self.marker.renumber([start, end])
            ins = self.revisions.insertion([revisions.space_run(), *self._content(block)])
            after = anchor.last
            after.addnext(end)
            after.addnext(ins)
            after.addnext(start)
            self.present[block.name] = Block(
                block.name, start, block.text, anchor.chapter, anchor.heading
            )
        else:
            p = self._new_paragraph(block, keep_mark=True)
            place = (
                marks.end_of_chapter(self.body, block.chapter, CHAPTER_STYLES) if moved else None
            )
            (place if place is not None else self._after(anchor)).addnext(p)
            self._found(block, p)
        if moved and block.name in self.present:
            self._comment(self._runs_of(self.present[block.name]), wording.placed_elsewhere())

    def _insert_row(self, block: Block) -> None:
        found = self._row_place(block)
        if found is None:
            self._conflict(block)
            return
        row, following = found
        element = self._new_row(block, keep_mark=True)
        if following:
            row.row.addnext(element)
        else:
            row.row.addprevious(element)
        self._found(block, element)
        self.outcomes[(block.kind, Outcome.INSERTED)] += 1

    def _delete(self, mine: Block) -> None:
        """Left as built, gone from the new build: a tracked deletion."""
        self.outcomes[(mine.kind, Outcome.DELETED)] += 1
        if mine.kind == ROW:
            self._resolve([mine.row])
            self.revisions.delete_runs(revisions.text_runs([mine.row]))
            self.revisions.mark_row(mine.row, "w:del")
            return
        self._resolve(mine.elements)
        self.revisions.delete_runs(revisions.text_runs(mine.runs))
        # A paragraph left empty goes too, mark and all: a credit alone in its numbered
        # paragraph would leave its number behind.
        if not marks.element_text(mine.paragraph):
            self.revisions.mark_paragraph(mine.paragraph, "w:del")

    # Places.

    def _anchor(self, before: list[str]) -> Block | None:
        """The nearest block before that is still in the draft."""
        return next((self.present[n] for n in reversed(before) if n in self.present), None)

    def _row_place(self, block: Block) -> tuple[Block, bool] | None:
        """Where a new row goes: after the nearest row of its table still in the draft
        (True), or else before the nearest one after it (False)."""
        table = block.row.getparent()
        names = list(self.new)
        index = names.index(block.name)
        rows = [
            (n, after)
            for after, candidates in ((True, reversed(names[:index])), (False, names[index + 1 :]))
            for n in candidates
        ]
        for name, after in rows:
            found = self.present.get(name)
            if found is not None and found.kind == ROW and self.new[name].row.getparent() is table:
                return found, after
        return None

    def _after(self, anchor: Block) -> etree._Element:
        """The element a paragraph inserted after ``anchor`` follows."""
        if anchor.kind == ROW:
            table = anchor.row.getparent()
            assert table is not None
            return table
        return anchor.paragraph

    def _found(self, block: Block, element: etree._Element) -> None:
        found = marks.read_blocks(element, CHAPTER_STYLES).get(block.name)
        if found is not None:
            found.chapter, found.heading = block.chapter, block.heading
            self.present[block.name] = found

    # Notes to the reviewers.

    def _source(self, block: Block) -> str:
        return self.sources.get(block.name, "")

    def _conflict(self, block: Block) -> None:
        self.outcomes[(block.kind, Outcome.CONFLICT)] += 1
        self.conflicts.append(wording.excerpt(block.text))

    def _runs_of(self, block: Block) -> list[etree._Element]:
        runs = list(revisions.text_runs(block.runs))
        return runs or list(revisions.text_runs([block.paragraph]))

    def _resolve(self, elements: list[etree._Element]) -> None:
        """Mark resolved report-builder's comments on ``elements``, whose text is gone."""
        mine = self.comments.mine()
        self.resolved += [mine[i] for i in sorted(revisions.comment_ids(elements)) if i in mine]

    def _comment(self, runs: list[etree._Element], text: str) -> None:
        if runs:
            self.comments.add_between(runs[0], runs[-1], text)

    def note_word_count(self, text: str) -> None:
        """Rewrite report-builder's comment on the title with ``text``."""
        titles = oxml.paragraphs_in_style(self.draft, contract.REPORT_TITLE.style_id)
        if not titles:
            return
        mine = self.comments.mine()
        for number in sorted(revisions.comment_ids([titles[0]._p]) & set(mine)):
            self.comments.rewrite(number, text)
            return


@dataclass(frozen=True)
class DraftBuild:
    """The build a draft came from, as its properties record it."""

    build: str
    cycle: str


# A draft is a few megabytes; these bounds are far above what a year's draft holds.
DRAFT_LIMITS = package_guard.PackageLimits(
    max_file_bytes=256 * package_guard.MB,
    max_parts=2000,
    max_unpacked_bytes=1024 * package_guard.MB,
    max_part_bytes=256 * package_guard.MB,
)


def draft_build(data: bytes, shown: str) -> DraftBuild | None:
    """The build recorded in the draft ``data``, None if it records none. Raises
    BuildError for what is not a Word document, or holds macros."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            package_guard.guard(archive, DRAFT_LIMITS)
    except zipfile.BadZipFile:
        raise BuildError(wording.not_a_draft(shown, "not a Word document (.docx)")) from None
    except package_guard.Refused as exc:
        raise BuildError(wording.not_a_draft(shown, _refusal(exc.finding))) from None
    try:
        properties = oxml.custom_properties(Document(io.BytesIO(data)))
    except Exception as exc:  # python-docx raises many kinds for a damaged package
        raise BuildError(wording.not_a_draft(shown, f"it cannot be read ({exc})")) from None
    build = properties.get(BUILD_PROPERTY, "").strip()
    if not build:
        return None
    return DraftBuild(build, properties.get(CYCLE_PROPERTY, "").strip())


def properties_of(data: bytes) -> dict[str, str]:
    """The custom properties of the .docx ``data`` (a report as report-builder built it)."""
    return oxml.custom_properties(Document(io.BytesIO(data)))


def document_hash(data: bytes) -> str | None:
    """The SHA-256 of the package's word/document.xml; None for what is not a package."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return hashlib.sha256(archive.read("word/document.xml")).hexdigest()
    except (zipfile.BadZipFile, KeyError, OSError):
        return None


def _refusal(finding: package_guard.Finding) -> str:
    if isinstance(finding, package_guard.MacroPart | package_guard.MacroContent):
        return "it holds macros; save it from Word as a Word Document (.docx), not .docm"
    if isinstance(finding, package_guard.TooLarge | package_guard.PartTooLarge):
        return "it is too large to be a draft of the report"
    if isinstance(finding, package_guard.TooManyParts):
        return "it has too many parts to be a draft of the report"
    return "it is not a complete Word document (.docx)"
