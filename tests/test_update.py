"""build-report update: late and changed submissions carried into the reviewers' edited
draft as tracked changes by report-builder, with every reviewer's edit kept."""

from __future__ import annotations

import copy
import datetime as dt
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import Result
from lxml import etree

from report_builder import BuildError, build, update
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

    def kinds(errors: list[str]) -> set[str]:
        return {error.split(": ", 1)[1] for error in errors}

    errors = ooxml_errors(updated.updated)
    if updated.draft.name == "edited.docx":
        assert errors == []
    else:
        assert kinds(errors) <= kinds(ooxml_errors(updated.draft))


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


@pytest.fixture
def built(inputs: Path, tmp_path: Path) -> Path:
    """A 2027 draft as built, in tmp_path/out."""
    return build(
        2027, inputs=inputs, output=tmp_path / "out" / "draft.docx", date=dt.date(2027, 3, 1)
    ).draft


def refusal(inputs: Path, draft: Path, **options: object) -> str:
    with pytest.raises(BuildError) as caught:
        update(2027, inputs=inputs, draft=draft, date=dt.date(2027, 3, 20), **options)
    return str(caught.value)


def test_a_file_that_is_not_a_word_document_is_refused(inputs: Path, built: Path) -> None:
    fake = built.with_name("notes.docx")
    fake.write_text("meeting notes", encoding="utf-8")
    before = sorted(built.parent.iterdir())
    assert refusal(inputs, fake) == (
        f"{fake}: not a Word document (.docx). update needs the draft as report-builder "
        "built it, edited and saved in Word or LibreOffice as a Word document (.docx); "
        "nothing was written"
    )
    assert sorted(built.parent.iterdir()) == before


def test_a_macro_enabled_draft_is_refused(inputs: Path, built: Path) -> None:
    macro = built.with_name("macro.docx")
    with zipfile.ZipFile(built) as source, zipfile.ZipFile(macro, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("word/vbaProject.bin", b"\0" * 16)
    assert "it holds macros; save it from Word as a Word Document (.docx), not .docm" in refusal(
        inputs, macro
    )


def test_a_word_document_report_builder_did_not_build_is_refused(inputs: Path, built: Path) -> None:
    other = built.with_name("other.docx")
    docx.Document().save(str(other))
    assert refusal(inputs, other) == (
        f"{other} was not built by report-builder: it has no 'report-builder build' "
        "property, by which update finds the build it came from; nothing was written. Build "
        "a new draft with build-report build 2027 output NEW.docx and carry the edits "
        "across by hand"
    )


def test_a_draft_of_another_cycle_is_refused(inputs: Path, built: Path) -> None:
    with pytest.raises(BuildError) as caught:
        update(2029, inputs=inputs, draft=built, date=dt.date(2029, 3, 20))
    assert str(caught.value) == (
        f"{built} is the draft of the 2027 cycle, not of 2029; run build-report update 2027 "
        "with it, or give the 2029 draft; nothing was written"
    )


def test_a_draft_open_in_an_editor_is_refused(inputs: Path, built: Path) -> None:
    lock = built.with_name(".~lock.draft.docx#")
    lock.write_text("LibreOffice", encoding="utf-8")
    assert refusal(inputs, built).startswith(
        f"{built} is open in Word or LibreOffice (its lock file {lock} is beside it). Save "
        "and close it, then run update again"
    )


def test_a_missing_or_changed_base_copy_is_refused(inputs: Path, built: Path) -> None:
    (copy_of_build,) = (built.parent / ".report-builder").iterdir()
    data = copy_of_build.read_bytes()
    copy_of_build.unlink()
    message = refusal(inputs, built)
    assert message.startswith(
        f"{copy_of_build}, report-builder's copy of the build {built} came from, is missing"
    )
    assert message.endswith(
        "Build a fresh draft to a new name with build-report build 2027 output NEW.docx"
    )
    copy_of_build.write_bytes(data.replace(b"PK", b"PK", 1)[:-1] + b"\0")
    shutil.copy(built, copy_of_build)
    document = docx.Document(str(copy_of_build))
    document.add_paragraph("Changed by hand.")
    document.save(str(copy_of_build))
    assert refusal(inputs, built).startswith(
        f"{copy_of_build} does not match the build {built} came from"
    )


def test_the_update_never_writes_over_the_draft(inputs: Path, built: Path) -> None:
    assert refusal(inputs, built, output=built) == (
        f"{built} is the reviewers' draft, which update never overwrites; give another "
        "name, or leave the option out for NAME-updated-DATE.docx beside it"
    )


def test_a_rejected_insertion_stays_rejected(inputs: Path, built: Path, tmp_path: Path) -> None:
    """A reviewer who rejects a tracked insertion is taken at their word."""
    (inputs / "2027" / "undp.yaml").rename(tmp_path / "undp.yaml")
    draft = build(
        2027, inputs=inputs, output=tmp_path / "late" / "draft.docx", date=dt.date(2027, 3, 1)
    ).draft
    (tmp_path / "undp.yaml").rename(inputs / "2027" / "undp.yaml")
    first = update(2027, inputs=inputs, draft=draft, date=dt.date(2027, 3, 20))
    root = document_xml(first.updated)
    assert "UNDP:" in " ".join(t.text or "" for t in root.iter(f"{W}t") if by_report_builder(t))
    # Reject every insertion of a UNDP credit, as Word's Reject does.
    rejected = docx.Document(str(first.updated))
    body = rejected.element.body
    for inserted in list(body.iter(f"{W}ins")):
        if shown_text(inserted).strip().startswith("UNDP:"):
            paragraph = inserted.getparent()
            inserted.getparent().remove(inserted)
            mark = paragraph.find(f"{W}pPr/{W}rPr/{W}ins")
            if mark is not None and not shown_text(paragraph).strip():
                paragraph.getparent().remove(paragraph)
    reviewed = first.updated.with_name("reviewed.docx")
    rejected.save(str(reviewed))
    second = update(2027, inputs=inputs, draft=reviewed, date=dt.date(2027, 3, 20))
    assert second.outcomes.get("inserted", 0) == 0
    assert "UNDP: Illustrative sample" not in shown_text(document_xml(second.updated))


def test_deleted_chapters_do_not_stop_an_update(inputs: Path, tmp_path: Path) -> None:
    """Blocks whose place is gone go after the nearest block still there, with a comment."""
    (inputs / "2027" / "undp.yaml").rename(tmp_path / "undp.yaml")
    draft = build(
        2027, inputs=inputs, output=tmp_path / "out" / "draft.docx", date=dt.date(2027, 3, 1)
    ).draft
    (tmp_path / "undp.yaml").rename(inputs / "2027" / "undp.yaml")
    document = docx.Document(str(draft))
    body = document.element.body
    chapters = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    start = chapters[2]._p  # III. Progress
    end = chapters[3]._p
    doomed = []
    for element in start.itersiblings():
        if element is end:
            break
        doomed.append(element)
    for element in [start, *doomed]:
        body.remove(element)
    edited = draft.with_name("no-chapter-iii.docx")
    document.save(str(edited))
    result = update(2027, inputs=inputs, draft=edited, date=dt.date(2027, 3, 20))
    notes = [
        text for author, text in comments(result.updated).values() if author == "report-builder"
    ]
    assert any(
        text.startswith("New text placed here because the part of the draft") for text in notes
    )
    assert ooxml_errors(result.updated) == []


def test_the_command_says_what_changed_and_names_the_conflicts(
    cli: Callable[..., Result], inputs: Path, tmp_path: Path
) -> None:
    late = tmp_path / "late"
    late.mkdir()
    for name in LATE:
        shutil.move(inputs / "2027" / name, late / name)
    assert cli("build", "2027", "--inputs", str(inputs), "--date", "2027-03-01").exit_code == 0
    draft = tmp_path / "outputs" / "2027" / "WSIS-report-2027-draft.docx"
    edit_draft(draft, draft)
    refused = cli("build", "2027", "--inputs", str(inputs), "--date", "2027-03-20")
    assert refused.exit_code == 1
    late_contributions(inputs, late)
    refused = cli("build", "2027", "--inputs", str(inputs), "--date", "2027-03-20")
    assert "5 submissions are new or changed since the draft's build." in refused.stderr
    assert (
        "run: build-report update 2027 --draft outputs/2027/WSIS-report-2027-draft.docx"
        in refused.stderr
    )
    result = cli("update", "2027", "--inputs", str(inputs), "--date", "2027-03-20")
    assert result.exit_code == 0, result.output
    updated = draft.with_name("WSIS-report-2027-draft-updated-2027-03-20.docx")
    assert result.stdout.splitlines()[0] == f"Wrote {Path('outputs/2027') / updated.name}"
    lines = result.stderr.splitlines()
    # A line per kind of block, each outcome counted.
    assert "Credits: 6 inserted, 1 replaced, 1 left in conflict." in lines
    assert "Paragraphs: 11 replaced, 2 deleted." in lines
    assert "Table rows: 3 inserted, 8 replaced." in lines
    conflicts = lines[
        lines.index("Left in conflict (see the comments by report-builder in the updated draft):")
        + 1 :
    ]
    assert conflicts == [
        "  - \u201cITU: Illustrative sample: guidelines on accessibility-by-design for digital "
        "services were drafted and …\u201d"
    ]
    # The next update, with no --draft, starts from the updated draft.
    again = cli(
        "update",
        "2027",
        "--inputs",
        str(inputs),
        "--date",
        "2027-03-20",
        "--output",
        "outputs/2027/again.docx",
    )
    assert again.exit_code == 0, again.output
    assert "Nothing has changed since the draft's build" in again.stderr


def test_the_word_count_comment_describes_the_updated_draft(updated: Updated) -> None:
    notes = comments(updated.updated)
    counts = [t for a, t in notes.values() if a == "report-builder" and t.startswith("Word count")]
    assert counts == [
        f"Word count of the report without annexes: {updated.result.word_count:,} words of "  # type: ignore[attr-defined]
        "text + 2,000 reserved for the Secretariat's chapters = "
        f"{updated.result.word_count + 2000:,} (within the limit of 8,500 for Secretariat "  # type: ignore[attr-defined]
        "reports; headings and footnotes count)."
    ]


def late_draft(inputs: Path, tmp_path: Path, *late: str) -> Path:
    """A draft built without the submissions ``late``, which are then put back."""
    held = tmp_path / "held"
    held.mkdir(exist_ok=True)
    for name in late:
        (inputs / "2027" / name).rename(held / name)
    draft = build(
        2027, inputs=inputs, output=tmp_path / "out" / "draft.docx", date=dt.date(2027, 3, 1)
    ).draft
    for name in late:
        (held / name).rename(inputs / "2027" / name)
    return draft


def test_a_credit_whose_bookmark_was_removed_is_found_by_its_text(
    inputs: Path, tmp_path: Path
) -> None:
    draft = late_draft(inputs, tmp_path)
    document = docx.Document(str(draft))
    body = document.element.body
    paragraph = next(p for p in body.iter(f"{W}p") if DELETED in shown_text(p))
    for mark in list(paragraph.iter(f"{W}bookmarkStart", f"{W}bookmarkEnd")):
        mark.getparent().remove(mark)
    edited = draft.with_name("edited.docx")
    document.save(str(edited))
    unctad = inputs / "2027" / "unctad.yaml"
    unctad.write_text(
        unctad.read_text(encoding="utf-8").replace(
            "capacity-building on e-commerce", "training on e-commerce"
        ),
        encoding="utf-8",
    )
    result = update(2027, inputs=inputs, draft=edited, date=dt.date(2027, 3, 20))
    assert result.conflicts == ()
    paragraph = next(
        p
        for p in document_xml(result.updated).iter(f"{W}p")
        if "e-commerce" in "".join(p.itertext())
    )
    assert DELETED in "".join(t.text or "" for t in paragraph.iter(f"{W}delText"))
    assert "training on e-commerce" in shown_text(paragraph)


def test_an_update_of_an_update_saved_by_libreoffice(inputs: Path, tmp_path: Path) -> None:
    """LibreOffice moves a credit's bookmark into the tracked insertion after it: the
    credit is still found, and a second change to it is a replacement."""
    draft = late_draft(inputs, tmp_path, "undp.yaml")
    first = update(2027, inputs=inputs, draft=draft, date=dt.date(2027, 3, 20))
    saved = convert(first.updated, tmp_path / "lo", "docx")
    reviewed = first.updated.with_name("reviewed.docx")
    shutil.copy(saved, reviewed)
    undp = inputs / "2027" / "undp.yaml"
    undp.write_text(
        undp.read_text(encoding="utf-8").replace("co-convened", "co-organized"), encoding="utf-8"
    )
    second = update(2027, inputs=inputs, draft=reviewed, date=dt.date(2027, 3, 21))
    assert second.conflicts == ()
    assert second.blocks["credits"] == {"replaced": 1}


def test_a_second_update_of_pending_changes_is_valid(inputs: Path, tmp_path: Path) -> None:
    draft = late_draft(inputs, tmp_path, "undp.yaml")
    first = update(2027, inputs=inputs, draft=draft, date=dt.date(2027, 3, 20))
    second = update(2027, inputs=inputs, draft=first.updated, date=dt.date(2027, 3, 21))
    assert second.blocks["table rows"] == {"replaced": 1}
    # Named after the draft, not after the draft's update; numbered within a day.
    third = update(2027, inputs=inputs, draft=second.updated, date=dt.date(2027, 3, 21))
    assert (first.updated.name, second.updated.name, third.updated.name) == (
        "draft-updated-2027-03-20.docx",
        "draft-updated-2027-03-21.docx",
        "draft-updated-2027-03-21-2.docx",
    )
    assert ooxml_errors(second.updated) == []


def test_credits_of_a_deleted_section_go_to_the_end_of_their_chapter(
    inputs: Path, tmp_path: Path
) -> None:
    draft = late_draft(inputs, tmp_path, "igf.yaml")
    document = docx.Document(str(draft))
    body = document.element.body
    section = next(p for p in document.paragraphs if p.text == "Internet governance")
    doomed = [section._p]
    for element in section._p.itersiblings():
        style = element.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val") in ("Heading1", "Heading2"):
            break
        doomed.append(element)
    for element in doomed:
        body.remove(element)
    edited = draft.with_name("edited.docx")
    document.save(str(edited))
    result = update(2027, inputs=inputs, draft=edited, date=dt.date(2027, 3, 20))
    root = document_xml(result.updated)
    paragraphs = list(root.iter(f"{W}p"))
    texts = [shown_text(p) for p in paragraphs]
    igf = [i for i, t in enumerate(texts) if t.startswith("IGF:")]
    chapter_iv = texts.index("Milestones and reporting deadlines")
    assert igf and all(i < chapter_iv for i in igf)
    # Nothing joins another entity's paragraph under another heading.
    assert not any("IAWG-AI" in t and "IGF" in t for t in texts)
    notes = [t for a, t in comments(result.updated).values() if a == "report-builder"]
    assert sum(t.startswith("New text placed here") for t in notes) >= 1
    assert ooxml_errors(result.updated) == []


def test_an_update_keeps_the_drafts_choice_of_credits_and_adds_the_new_ones(
    inputs: Path, tmp_path: Path
) -> None:
    """No reflow: with a tight word limit, the credits the draft's build placed stay, the
    new ones are added, and what that costs is said rather than made room for."""
    cycles = inputs / "cycles.yaml"
    cycles.write_text(
        cycles.read_text(encoding="utf-8").replace("# word_limit: 8500", "word_limit: 4150"),
        encoding="utf-8",
    )
    draft = late_draft(inputs, tmp_path, "undp.yaml", "igf.yaml")
    placed = {n: t for n, t in blocks(document_xml(draft)).items() if n.startswith("_rb_c")}
    left_out = [t for a, t in comments(draft).values() if t.startswith("Left out for length")]
    assert placed and left_out, "the limit leaves some highlights to the compilation"
    result = update(2027, inputs=inputs, draft=draft, date=dt.date(2027, 3, 20))
    root = document_xml(result.updated)
    accepted = blocks(accept_all(root))
    assert all(accepted.get(name) == text for name, text in placed.items())
    inserted = " ".join(t.text or "" for t in root.iter(f"{W}t") if by_report_builder(t))
    assert inserted.count("UNDP:") == 3 and "IGF:" in inserted
    assert result.word_count + result.reserved_words > result.word_limit


def test_the_rest_of_the_build_goes_where_the_drafts_build_put_it(updated: Updated) -> None:
    """The compilation keeps the name the draft's build gave it."""
    written = [p.name for p in updated.result.written]  # type: ignore[attr-defined]
    assert written == [
        updated.updated.name,
        "draft-contributions.docx",
        "coverage.json",
        "missing-submissions.csv",
    ]


def edit_runs(draft: Path, edited: Path, containing: str, edit: Callable[[Any], None]) -> None:
    """``edit`` applied, with python-docx, to the paragraph of ``draft`` that reads
    ``containing``; saved as ``edited``."""
    document = docx.Document(str(draft))
    edit(next(p for p in document.paragraphs if containing in p.text))
    document.save(str(edited))


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_retitled_paragraph_keeps_its_place_and_its_credits(
    inputs: Path, built: Path, tmp_path: Path
) -> None:
    """A paragraph's title is part of its heading, not of what its blocks are: a new
    title is a tracked replacement of the heading, and nothing under it moves."""
    edited = built.with_name("edited.docx")

    def edit(paragraph: Any) -> None:
        for run in paragraph.runs:
            run.text = run.text.replace("has not yet started", "has not yet started (sic)")

    edit_runs(built, edited, "has not yet started", edit)
    replace_in(
        inputs / "action_table.yaml",
        "title: Policy guidance for enabling digital environments",
        "title: Policy guidance for enabling environments",
    )
    result = update(2027, inputs=inputs, draft=edited, date=dt.date(2027, 3, 20))
    # The dates move with the build's; no credit is touched.
    assert result.blocks == {"paragraphs": {"replaced": 3}, "table rows": {"replaced": 1}}
    assert result.conflicts == ()
    notes = [t for a, t in comments(result.updated).values() if a == "report-builder"]
    assert not any(t.startswith("New text placed here") for t in notes)
    root = document_xml(result.updated)
    texts = [shown_text(p) for p in root.iter(f"{W}p")]
    heading = texts.index("Policy guidance for enabling environments (resolution 80/173, para. 53)")
    assert any("has not yet started (sic)" in t for t in texts[heading : heading + 3])
    assert sum("has not yet started" in t for t in texts) == 1
    deleted = ["".join(t.text or "" for t in p.iter(f"{W}delText")) for p in root.iter(f"{W}p")]
    assert "Policy guidance for enabling digital environments" in deleted[heading]


def test_a_replaced_credit_keeps_its_space_before_the_next(
    inputs: Path, built: Path, tmp_path: Path
) -> None:
    replace_in(
        inputs / "2027" / "undp.yaml", "has not yet\n      started", "has not yet really started"
    )
    result = update(2027, inputs=inputs, draft=built, date=dt.date(2027, 3, 20))
    assert result.blocks["credits"] == {"replaced": 1}
    texts = [shown_text(p) for p in accept_all(document_xml(result.updated)).iter(f"{W}p")]
    assert any(
        t.startswith(
            "UNDP: Illustrative sample: joint policy guidance with the regional "
            "commissions has not yet really started. ECLAC: Ejemplo ilustrativo"
        )
        for t in texts
    )
    # No run that shows nothing is marked deleted.
    assert all(
        d.find(f"{W}r/{W}delText") is not None
        for d in document_xml(result.updated).iter(f"{W}del")
        if d.getparent().tag == f"{W}p"
    )


def numbered(root: etree._Element) -> list[str]:
    return [
        shown_text(p)
        for p in root.iter(f"{W}p")
        if p.find(f"{W}pPr/{W}pStyle[@{W}val='NumberedParagraph']") is not None
    ]


def test_a_withdrawn_credit_takes_its_numbered_paragraph_with_it(
    inputs: Path, built: Path, tmp_path: Path
) -> None:
    (inputs / "2027" / "undp.yaml").unlink()
    result = update(2027, inputs=inputs, draft=built, date=dt.date(2027, 3, 20))
    fresh = build(
        2027, inputs=inputs, output=tmp_path / "fresh" / "new.docx", date=dt.date(2027, 3, 20)
    )
    accepted = numbered(accept_all(document_xml(result.updated)))
    assert "" not in accepted
    assert accepted == numbered(document_xml(fresh.draft))


def test_a_credit_withdrawn_accepted_and_sent_again_is_marked_once(
    inputs: Path, built: Path, tmp_path: Path
) -> None:
    undp = inputs / "2027" / "undp.yaml"
    held = undp.read_bytes()
    undp.unlink()
    first = update(2027, inputs=inputs, draft=built, date=dt.date(2027, 3, 20))
    accepted = docx.Document(str(first.updated))
    body = accept_all(accepted.element.body)
    accepted.element.replace(accepted.element.body, body)
    reviewed = built.with_name("reviewed.docx")
    accepted.save(str(reviewed))
    undp.write_bytes(held)
    second = update(2027, inputs=inputs, draft=reviewed, date=dt.date(2027, 3, 21))
    names = [
        s.get(f"{W}name", "")
        for s in document_xml(second.updated).iter(f"{W}bookmarkStart")
        if s.get(f"{W}name", "").startswith("_rb_")
    ]
    assert len(names) == len(set(names))
    inserted = " ".join(
        t.text or "" for t in document_xml(second.updated).iter(f"{W}t") if by_report_builder(t)
    )
    assert inserted.count("UNDP:") == 3


def test_a_credit_the_reviewers_only_formatted_counts_as_edited(
    inputs: Path, built: Path, tmp_path: Path
) -> None:
    """Bold on part of a word is an edit: the reviewers' credit stays as they formatted
    it, and the new text follows it with a comment."""
    edited = built.with_name("edited.docx")

    def embolden(paragraph: Any) -> None:
        run = next(r for r in paragraph.runs if "has not yet started" in r.text)
        before, after = run.text.split("has not yet started")
        run.text = before + "has not yet sta"
        bold = paragraph.add_run("rt", style=run.style)
        bold.bold = True
        rest = paragraph.add_run("ed" + after, style=run.style)
        run._r.addnext(bold._r)
        bold._r.addnext(rest._r)

    edit_runs(built, edited, "has not yet started", embolden)
    replace_in(
        inputs / "2027" / "undp.yaml", "has not yet\n      started", "has not yet really started"
    )
    result = update(2027, inputs=inputs, draft=edited, date=dt.date(2027, 3, 20))
    assert result.blocks["credits"] == {"left in conflict": 1}
    paragraph = next(
        p
        for p in document_xml(result.updated).iter(f"{W}p")
        if "has not yet started" in shown_text(p)
    )
    assert "has not yet really started" in shown_text(paragraph)
    bold = [
        t.text for t in paragraph.iter(f"{W}t") if t.getparent().find(f"{W}rPr/{W}b") is not None
    ]
    assert bold == ["rt"]


NEW_ACTION = """
  - paragraph: 54
    title: Digital public goods for enabling environments
    theme: enabling-environment
    action: Support countries in adopting digital public goods.
    asked: UNDP
    entities:
      - entity: UNDP
        role: lead
"""
NEW_REPORT = """
  - paragraph: 54
    status: in_progress
    summary: >-
      Illustrative sample: three countries were supported in adopting digital public goods.
"""


def test_a_paragraph_added_to_the_action_table_comes_in_its_place(
    inputs: Path, built: Path, tmp_path: Path
) -> None:
    """Its heading and credit go after paragraph 53's passages, not at the end of the
    chapter; the annex's matrix gains its column in every row, and its grid the column."""
    replace_in(
        inputs / "action_table.yaml", "\n  - paragraph: 60\n", NEW_ACTION + "\n  - paragraph: 60\n"
    )
    replace_in(
        inputs / "2027" / "undp.yaml", "\n  - paragraph: 53\n", NEW_REPORT + "  - paragraph: 53\n"
    )
    result = update(2027, inputs=inputs, draft=built, date=dt.date(2027, 3, 20))
    accepted = accept_all(document_xml(result.updated))
    texts = [shown_text(p) for p in accepted.iter(f"{W}p")]
    heading = texts.index(
        "Digital public goods for enabling environments (resolution 80/173, para. 54)"
    )
    assert texts[heading - 1].startswith("[To be completed by the Secretariat: action by the")
    assert texts[heading + 1].startswith("UNDP: Illustrative sample: three countries")
    notes = [t for a, t in comments(result.updated).values() if a == "report-builder"]
    assert not any(t.startswith("New text placed here") for t in notes)
    fresh = build(
        2027, inputs=inputs, output=tmp_path / "fresh" / "new.docx", date=dt.date(2027, 3, 20)
    )
    fresh_tables = list(document_xml(fresh.draft).iter(f"{W}tbl"))
    for table, built_table in zip(accepted.iter(f"{W}tbl"), fresh_tables, strict=True):
        columns = len(built_table.findall(f"{W}tblGrid/{W}gridCol"))
        assert len(table.findall(f"{W}tblGrid/{W}gridCol")) == columns
        assert {len(row.findall(f"{W}tc")) for row in table.iter(f"{W}tr")} == {
            len(row.findall(f"{W}tc")) for row in built_table.iter(f"{W}tr")
        }
    assert ooxml_errors(result.updated) == []
