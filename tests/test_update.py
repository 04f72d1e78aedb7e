"""build-report update: late and changed submissions carried into the reviewers' edited
draft as tracked changes by report-builder, with every reviewer's edit kept."""

from __future__ import annotations

import copy
import datetime as dt
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from lxml import etree

from report_builder import build, update
from tests.conftest import convert, ooxml_errors

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LATE = ("eclac.yaml", "escap.yaml", "undp.yaml")
LATE_NAMES = ("ECLAC", "ESCAP", "UNDP")
EDITED = "guidelines on accessibility-by-design for digital services were"
EDIT = " (as published in March)"
DELETED = "capacity-building on e-commerce for micro, small and medium-sized enterprises"
OWN_PARAGRAPH = "The reviewers' own paragraph, which no build wrote."
OWN_COMMENT = "Reviewer's note: check the figures with the focal point."
OLD_IGF = "improvements to working modalities were reported to the CSTD."
NEW_IGF = "improvements to working modalities were adopted and reported to the CSTD."
NEW_ITU = "drafted and tested with persons with disabilities."


def document_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read("word/document.xml"))


def comments(path: Path) -> dict[str, tuple[str, str]]:
    """Comment id -> (author, text)."""
    with zipfile.ZipFile(path) as package:
        if "word/comments.xml" not in package.namelist():
            return {}
        root = etree.fromstring(package.read("word/comments.xml"))
    return {
        c.get(f"{W}id", ""): (c.get(f"{W}author", ""), "".join(c.itertext()))
        for c in root.iter(f"{W}comment")
    }


def shown_text(element: etree._Element) -> str:
    """The text of ``element`` with every tracked change accepted."""
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def accept_all(root: etree._Element) -> etree._Element:
    """What Word's 'Accept All Changes' leaves: insertions kept, deletions gone."""
    accepted = copy.deepcopy(root)
    for row in list(accepted.iter(f"{W}tr")):
        if row.find(f"{W}trPr/{W}del") is not None:
            row.getparent().remove(row)
    for deleted in list(accepted.iter(f"{W}del")):
        parent = deleted.getparent()
        if parent is not None and parent.tag != f"{W}rPr" and parent.tag != f"{W}trPr":
            parent.remove(deleted)
    for p in list(accepted.iter(f"{W}p")):
        mark = p.find(f"{W}pPr/{W}rPr/{W}del")
        if mark is not None and not shown_text(p).strip():
            p.getparent().remove(p)
    for inserted in list(accepted.iter(f"{W}ins")):
        parent = inserted.getparent()
        if parent is None or parent.tag in (f"{W}rPr", f"{W}trPr"):
            continue
        for child in list(inserted):
            inserted.addprevious(child)
        parent.remove(inserted)
    return accepted


def blocks(root: etree._Element) -> dict[str, str]:
    """The text of each of report-builder's blocks, by bookmark name: the paragraph or
    the row its bookmark starts in, and a credit up to the next block. Only a bookmark's
    start counts, as LibreOffice moves the ends."""
    found: dict[str, str] = {}
    for start in root.iter(f"{W}bookmarkStart"):
        name = start.get(f"{W}name", "")
        if not name.startswith("_rb_") or name in found:
            continue
        if name[4] == "r":
            row = next(start.iterancestors(f"{W}tr"), None)
            if row is None:  # LibreOffice leaves some outside their table
                continue
            text = " ".join(shown_text(cell) for cell in row.iter(f"{W}tc"))
        elif name[4] == "p":
            text = shown_text(start.getparent())
        else:
            parts = []
            for sibling in start.itersiblings():
                if sibling.tag == f"{W}bookmarkStart" and sibling.get(f"{W}name", "").startswith(
                    "_rb_"
                ):
                    break
                parts.append(shown_text(sibling))
            text = "".join(parts)
        found[name] = " ".join(text.split())
    return found


def by_report_builder(element: etree._Element) -> bool:
    return any(
        a.tag == f"{W}ins" and a.get(f"{W}author") == "report-builder"
        for a in element.iterancestors()
    )


@dataclass
class Updated:
    draft: Path
    draft_bytes: bytes
    updated: Path
    new_build: Path
    result: object


def edit_draft(draft: Path, edited: Path) -> None:
    """What a reviewer does in Word, done with python-docx: one highlight changed, one
    deleted, a paragraph and a comment of their own added; nothing accepted."""
    document = docx.Document(str(draft))
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if EDITED in run.text:
                run.text = run.text.replace("disabilities.", "disabilities" + EDIT + ".")
    gone = next(p for p in document.paragraphs if DELETED in p.text)
    gone._p.getparent().remove(gone._p)
    heading = next(p for p in document.paragraphs if p.text.startswith("Milestones"))
    own = heading.insert_paragraph_before(OWN_PARAGRAPH, style="Numbered Paragraph")
    document.add_comment(own.runs, text=OWN_COMMENT, author="Reviewer A", initials="RA")
    document.save(str(edited))


def late_contributions(inputs: Path, late: Path) -> None:
    for name in LATE:
        shutil.copy(late / name, inputs / "2027" / name)
    itu = inputs / "2027" / "itu.yaml"
    text = itu.read_text(encoding="utf-8")
    itu.write_text(
        text.replace("drafted with persons with disabilities.", NEW_ITU), encoding="utf-8"
    )
    igf = inputs / "2027" / "igf.yaml"
    igf.write_text(igf.read_text(encoding="utf-8").replace(OLD_IGF, NEW_IGF), encoding="utf-8")


def run_update(inputs: Path, tmp_path: Path, save_with_libreoffice: bool) -> Updated:
    late = tmp_path / "late"
    late.mkdir()
    for name in LATE:
        shutil.move(inputs / "2027" / name, late / name)
    out = tmp_path / "out"
    built = build(2027, inputs=inputs, output=out / "draft.docx", date=dt.date(2027, 3, 1))
    edited = out / "edited.docx"
    edit_draft(built.draft, edited)
    if save_with_libreoffice:
        saved = convert(edited, tmp_path / "lo", "docx")
        edited = out / "edited-lo.docx"
        shutil.copy(saved, edited)
    before = edited.read_bytes()
    late_contributions(inputs, late)
    result = update(2027, inputs=inputs, draft=edited, date=dt.date(2027, 3, 20))
    fresh = build(
        2027, inputs=inputs, output=tmp_path / "fresh" / "new.docx", date=dt.date(2027, 3, 20)
    )
    return Updated(edited, before, result.updated, fresh.draft, result)


@pytest.fixture(scope="module", params=[False, True], ids=["python-docx", "libreoffice"])
def updated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Updated:
    tmp_path = tmp_path_factory.mktemp("update")
    inputs = tmp_path / "inputs"
    shutil.copytree(Path(__file__).resolve().parents[1] / "inputs", inputs)
    return run_update(inputs, tmp_path, save_with_libreoffice=request.param)


def test_the_reviewers_file_is_left_byte_for_byte(updated: Updated) -> None:
    assert updated.draft.read_bytes() == updated.draft_bytes
    assert updated.updated == updated.draft.with_name(
        f"{updated.draft.stem}-updated-2027-03-20.docx"
    )


def test_every_reviewer_edit_paragraph_and_comment_is_kept(updated: Updated) -> None:
    root = document_xml(updated.updated)
    paragraphs = [shown_text(p) for p in root.iter(f"{W}p")]
    assert any(EDITED in p and EDIT in p for p in paragraphs)
    assert OWN_PARAGRAPH in paragraphs
    notes = comments(updated.updated)
    assert [(a, t) for a, t in notes.values() if a == "Reviewer A"] == [("Reviewer A", OWN_COMMENT)]
    # Nothing the reviewers wrote is inside a deletion.
    deleted = " ".join(t.text or "" for t in root.iter(f"{W}delText"))
    assert EDIT.strip() not in deleted and OWN_PARAGRAPH not in deleted


def test_late_entities_highlights_are_tracked_insertions(updated: Updated) -> None:
    root = document_xml(updated.updated)
    inserted = " ".join(t.text or "" for t in root.iter(f"{W}t") if by_report_builder(t))
    for name in LATE_NAMES:
        assert f"{name}:" in inserted, name


def test_an_untouched_changed_highlight_is_replaced_as_tracked_changes(updated: Updated) -> None:
    root = document_xml(updated.updated)
    paragraph = next(p for p in root.iter(f"{W}p") if OLD_IGF in "".join(p.itertext()))
    deletion = next(d for d in paragraph.iter(f"{W}del") if OLD_IGF in "".join(d.itertext()))
    assert deletion.get(f"{W}author") == "report-builder"
    insertion = next(i for i in paragraph.iter(f"{W}ins") if NEW_IGF in shown_text(i))
    assert insertion.get(f"{W}author") == "report-builder"
    assert list(paragraph).index(insertion) > list(paragraph).index(deletion)


def test_an_edited_changed_highlight_keeps_the_edit_and_follows_it_with_the_new_text(
    updated: Updated,
) -> None:
    root = document_xml(updated.updated)
    paragraph = next(p for p in root.iter(f"{W}p") if EDIT in shown_text(p))
    text = shown_text(paragraph)
    assert text.index(EDIT) < text.index(NEW_ITU)
    insertion = next(i for i in paragraph.iter(f"{W}ins") if NEW_ITU in shown_text(i))
    assert insertion.get(f"{W}author") == "report-builder"
    assert EDIT not in "".join(t.text or "" for t in paragraph.iter(f"{W}delText"))
    anchored = {c.get(f"{W}id") for c in insertion.iter(f"{W}commentReference")}
    anchored |= {
        c.get(f"{W}id")
        for c in paragraph.iter(f"{W}commentRangeStart")
        if c.getparent() is insertion
    }
    notes = comments(updated.updated)
    said = [notes[i] for i in anchored if i in notes]
    assert len(said) == 1
    assert said[0][0] == "report-builder"
    assert "changed in the submission of ITU (itu.yaml)" in said[0][1]


def test_the_no_submission_flag_no_longer_names_the_late_entities(updated: Updated) -> None:
    root = document_xml(updated.updated)
    flag = next(
        p for p in root.iter(f"{W}p") if "[Missing: no submission from" in "".join(p.itertext())
    )
    old = "".join(t.text or "" for t in flag.iter(f"{W}delText"))
    new = shown_text(flag)
    assert old.startswith("[Missing: no submission from 16 of the 24 entities asked")
    assert "UNDP" in old and "ECLAC" in old and "ESCAP" in old
    assert new.startswith("[Missing: no submission from 13 of the 24 entities asked")
    assert not any(name in new for name in LATE_NAMES)
    # The old flag's comment is resolved; the new text carries the new one.
    starts = list(flag.iter(f"{W}commentRangeStart"))
    old_comment, new_comment = (s.get(f"{W}id") for s in starts)
    done = resolved(updated.updated)
    assert old_comment in done and new_comment not in done
    assert "ECLAC" not in comments(updated.updated)[new_comment][1]


def resolved(path: Path) -> set[str]:
    """The ids of the comments marked resolved (word/commentsExtended.xml)."""
    w14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
    w15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
    with zipfile.ZipFile(path) as package:
        done = {
            e.get(f"{w15}paraId")
            for e in etree.fromstring(package.read("word/commentsExtended.xml")).iter()
            if e.get(f"{w15}done") == "1"
        }
        root = etree.fromstring(package.read("word/comments.xml"))
    return {
        c.get(f"{W}id", "")
        for c in root.iter(f"{W}comment")
        if c.findall(f"{W}p")[-1].get(f"{w14}paraId") in done
    }


def test_the_deleted_paragraph_is_not_back(updated: Updated) -> None:
    root = document_xml(updated.updated)
    assert DELETED not in "".join(root.itertext())


def test_accepting_every_change_gives_the_new_build_except_where_reviewers_worked(
    updated: Updated,
) -> None:
    accepted = blocks(accept_all(document_xml(updated.updated)))
    fresh = blocks(document_xml(updated.new_build))
    differing = {name for name, text in fresh.items() if accepted.get(name) != text}
    edited = {n for n, t in fresh.items() if t.startswith("ITU: Illustrative sample: guidelines")}
    removed = {n for n, t in fresh.items() if DELETED in t}
    assert differing == edited | removed
    (name,) = edited
    assert EDIT in accepted[name] and NEW_ITU in accepted[name]
    assert all(name not in accepted or not accepted[name] for name in removed)


def test_the_updated_draft_is_valid_wordprocessingml(updated: Updated) -> None:
    """No error of its own: LibreOffice writes values the validator refuses (such as
    w:tblHeader w:val="true"), which the update keeps as the reviewers' file has them."""

    def kinds(path: Path) -> set[str]:
        return {error.split(": ", 1)[1] for error in ooxml_errors(path)}

    assert kinds(updated.updated) <= kinds(updated.draft)
    if updated.draft.name == "edited.docx":
        assert ooxml_errors(updated.updated) == []


def test_a_second_update_starts_from_the_first(updated: Updated, tmp_path: Path) -> None:
    """The updated draft is recorded as report-builder's, with its build: updating it
    again with nothing new changes nothing."""
    inputs = updated.draft.parent.parent / "inputs"
    again = update(
        2027,
        inputs=inputs,
        draft=updated.updated,
        date=dt.date(2027, 3, 20),
        output=tmp_path / "again.docx",
    )
    assert sum(again.outcomes.values()) == 0
    root = document_xml(again.updated)
    assert shown_text(root) == shown_text(document_xml(updated.updated))
