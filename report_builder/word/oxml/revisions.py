"""Tracked changes: the ``w:ins`` and ``w:del`` markup Word writes for text, paragraph
marks and table rows inserted or deleted with Track Changes on, and copies of content
from one document into another with the comments it carries.

Written here rather than through a library: docx-redline (the one made for this, on
python-docx and lxml) replaces text found by search, whereas an update inserts and
deletes whole runs and rows at bookmarks, and copies comments with them.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from collections.abc import Iterable, Iterator

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

_R, _T, _P = qn("w:r"), qn("w:t"), qn("w:p")
INS, DEL, _DEL_TEXT = qn("w:ins"), qn("w:del"), qn("w:delText")
_INSTR, _DEL_INSTR = qn("w:instrText"), qn("w:delInstrText")
_PPR, _RPR, _TRPR = qn("w:pPr"), qn("w:rPr"), qn("w:trPr")
_GRID, _GRID_CHANGE = qn("w:tblGrid"), qn("w:tblGridChange")
_ID = qn("w:id")
_COMMENT_MARKS = {qn("w:commentRangeStart"), qn("w:commentRangeEnd")}
_COMMENT_REFERENCE, _FOOTNOTE_REFERENCE = qn("w:commentReference"), qn("w:footnoteReference")
# What follows w:rPr in a paragraph mark's or a row's properties (ECMA-376, CT_PPr and
# CT_TrPr): the change markup goes before these.
_AFTER_RPR = {qn("w:sectPr"), qn("w:pPrChange")}
_AFTER_TRACKING = {qn("w:trPrChange")}


class Revisions:
    """Tracked changes by one author at one time, numbered after every id in the body."""

    def __init__(self, body: etree._Element, author: str, when: dt.datetime) -> None:
        ids = [int(i) for i in _attribute_values(body, _ID) if i.lstrip("-").isdigit()]
        self._ids = itertools.count(max(ids, default=0) + 1)
        self._author = author
        self._date = when.strftime("%Y-%m-%dT%H:%M:%SZ")

    def _mark(self, tag: str) -> etree._Element:
        return OxmlElement(
            tag,
            attrs={
                _ID: str(next(self._ids)),
                qn("w:author"): self._author,
                qn("w:date"): self._date,
            },
        )

    def insertion(self, content: Iterable[etree._Element]) -> etree._Element:
        """``w:ins`` around ``content`` (runs and range marks)."""
        ins = self._mark("w:ins")
        for element in content:
            ins.append(element)
        return ins

    def delete_runs(self, runs: Iterable[etree._Element]) -> int:
        """Wrap each of ``runs`` in ``w:del``, its text turned into deleted text; a run
        already deleted is left as it is. Returns how many runs were deleted."""
        count = 0
        for run in runs:
            parent = run.getparent()
            if parent is None or parent.tag == DEL or all(c.tag == _RPR for c in run):
                continue
            for text in run.iter(_T, _INSTR):
                text.tag = _DEL_TEXT if text.tag == _T else _DEL_INSTR
            wrapper = self._mark("w:del")
            run.addprevious(wrapper)
            wrapper.append(run)
            count += 1
        return count

    def track_content(self, p: etree._Element) -> None:
        """Wrap the runs of paragraph ``p`` (each group of neighbours) in ``w:ins``."""
        group: list[etree._Element] = []
        for child in [*list(p), None]:
            if child is not None and is_run_content(child):
                group.append(child)
                continue
            if group:
                ins = self.insertion([])
                group[0].addprevious(ins)
                for element in group:
                    ins.append(element)
                group = []

    def mark_paragraph(self, p: etree._Element, tag: str) -> None:
        """Mark ``p``'s paragraph mark as inserted (``w:ins``) or deleted (``w:del``)."""
        properties = p.find(_PPR)
        if properties is None:
            properties = OxmlElement("w:pPr")
            p.insert(0, properties)
        marks = properties.find(_RPR)
        if marks is None:
            marks = OxmlElement("w:rPr")
            after = [c for c in properties if c.tag in _AFTER_RPR]
            if after:
                after[0].addprevious(marks)
            else:
                properties.append(marks)
        if marks.find(qn(tag)) is not None:
            return
        # CT_ParaRPr: w:ins before w:del, both before the run properties.
        inserted = marks.find(INS)
        if tag == "w:del" and inserted is not None:
            inserted.addnext(self._mark(tag))
        else:
            marks.insert(0, self._mark(tag))

    def mark_row(self, row: etree._Element, tag: str) -> None:
        """Mark table row ``row`` as inserted or deleted, with each paragraph mark in it."""
        properties = row.find(_TRPR)
        if properties is None:
            properties = OxmlElement("w:trPr")
            exceptions = row.find(qn("w:tblPrEx"))
            if exceptions is None:
                row.insert(0, properties)
            else:
                exceptions.addnext(properties)
        if all(c.tag in (INS, DEL, *_AFTER_TRACKING) for c in properties):
            # The schema wants a row property before the change mark (CT_TrPrBase has
            # at least one): the one that says what Word assumes anyway.
            properties.insert(0, OxmlElement("w:cantSplit", attrs={qn("w:val"): "off"}))
        after = [c for c in properties if c.tag in _AFTER_TRACKING]
        mark = self._mark(tag)
        if after:
            after[0].addprevious(mark)
        else:
            properties.append(mark)
        for p in row.iter(_P):
            self.mark_paragraph(p, tag)

    def change_grid(self, table: etree._Element, grid: etree._Element) -> None:
        """Give ``table`` a copy of the column grid ``grid`` (a new build's, with columns
        added or removed), recording the old one as a tracked change (CT_TblGrid:
        the columns, then w:tblGridChange holding the grid before)."""
        old = table.find(_GRID)
        new = copy.deepcopy(grid)
        for change in new.findall(_GRID_CHANGE):
            new.remove(change)
        if old is not None:
            before = OxmlElement("w:tblGrid")
            before.extend(copy.deepcopy(c) for c in old.findall(qn("w:gridCol")))
            change = OxmlElement("w:tblGridChange", attrs={_ID: str(next(self._ids))})
            change.append(before)
            new.append(change)
            old.addprevious(new)
            table.remove(old)
        else:
            properties = table.find(qn("w:tblPr"))
            if properties is None:
                table.insert(0, new)
            else:
                properties.addnext(new)


def text_runs(elements: Iterable[etree._Element]) -> Iterator[etree._Element]:
    """The runs among and inside ``elements`` that show text, leaving out those that only
    anchor a comment or a footnote, which stay where they are."""
    for element in elements:
        for run in element.iter(_R) if element.tag != _R else [element]:
            if run.find(_COMMENT_REFERENCE) is None and run.find(_FOOTNOTE_REFERENCE) is None:
                yield run


def is_run_content(element: etree._Element) -> bool:
    """Whether ``element`` may go inside ``w:ins`` (a run, a range mark, a run's change)."""
    return element.tag == _R or element.tag in _COMMENT_MARKS or element.tag in (INS, DEL)


def comment_ids(elements: Iterable[etree._Element]) -> set[str]:
    """The ids of the comments anchored in ``elements``."""
    return {
        node.get(_ID, "")
        for element in elements
        for node in element.iter(_COMMENT_REFERENCE, *_COMMENT_MARKS)
    }


def renumber_comments(elements: Iterable[etree._Element], ids: dict[str, str]) -> None:
    for element in elements:
        for node in element.iter(_COMMENT_REFERENCE, *_COMMENT_MARKS):
            old = node.get(_ID, "")
            if old in ids:
                node.set(_ID, ids[old])


def copied(elements: Iterable[etree._Element]) -> list[etree._Element]:
    return [copy.deepcopy(e) for e in elements]


def _attribute_values(root: etree._Element, name: str) -> list[str]:
    return [value for e in root.iter() if (value := e.get(name)) is not None]


def is_deleted(run: etree._Element) -> bool:
    parent = run.getparent()
    return parent is not None and parent.tag == DEL


def without_comments(elements: list[etree._Element]) -> list[etree._Element]:
    """``elements`` with the comment marks and references in and among them removed."""
    kept: list[etree._Element] = []
    for element in elements:
        if element.tag in _COMMENT_MARKS or (
            element.tag == _R and element.find(_COMMENT_REFERENCE) is not None
        ):
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
            continue
        for node in list(element.iter(_COMMENT_REFERENCE, *_COMMENT_MARKS)):
            holder = node.getparent() if node.tag == _COMMENT_REFERENCE else node
            if holder is not None and holder.getparent() is not None:
                holder.getparent().remove(holder)  # type: ignore[union-attr]
        kept.append(element)
    return kept


def run_content(p: etree._Element) -> list[etree._Element]:
    """Copies of the runs and comment marks of paragraph ``p``."""
    return copied(e for e in p if is_run_content(e))


def space_run() -> etree._Element:
    """A run holding one space, as between two credits."""
    run = OxmlElement("w:r")
    text = OxmlElement("w:t", attrs={"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
    text.text = " "
    run.append(text)
    return run
