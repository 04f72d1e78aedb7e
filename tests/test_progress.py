"""The biennial comparison: what moved since the previous report, in the report, the JSON,
status and the prefilled submission. The 2029 cycle is a test fixture."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import docx
import pytest

from report_builder import InputError, build, coverage, load_cycle
from report_builder.inputs.cycle import earlier_cycle
from report_builder.inputs.scaffold import new_submission
from report_builder.wording.flags import comment, note

from .conftest import TEMPLATE, ooxml_errors
from .test_draft import full_text

DAY = dt.date(2029, 3, 15)


def submission(entity: str, year: int, reports: dict[int, str]) -> str:
    lines = [
        "# Test fixture; describes nothing.",
        f"entity: {entity}",
        f"cycle: {year}",
        f"submitted: {year}-01-31",
        "reports:",
    ]
    for paragraph, status in reports.items():
        lines += [
            f"  - paragraph: {paragraph}",
            f"    status: {status}",
            "    summary: >-",
            f"      {entity} on paragraph {paragraph} in {year}: {status}.",
        ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def two_cycles(empty_cycle: Path) -> Path:
    """2027 and 2029 side by side: ITU completes 67, UNESCO starts 110, ESCAP goes back
    from in progress to planned on 108, ECLAC does not renew 108, IGF is new on 98."""
    inputs = empty_cycle
    old = inputs / "2027"
    old.joinpath("itu.yaml").write_text(submission("ITU", 2027, {67: "in_progress"}))
    old.joinpath("unesco.yaml").write_text(submission("UNESCO", 2027, {110: "planned"}))
    old.joinpath("escap.yaml").write_text(submission("ESCAP", 2027, {108: "in_progress"}))
    old.joinpath("eclac.yaml").write_text(submission("ECLAC", 2027, {108: "ongoing"}))
    new = inputs / "2029"
    new.mkdir()
    new.joinpath("itu.yaml").write_text(submission("ITU", 2029, {67: "completed"}))
    new.joinpath("unesco.yaml").write_text(submission("UNESCO", 2029, {110: "ongoing"}))
    new.joinpath("escap.yaml").write_text(submission("ESCAP", 2029, {108: "planned"}))
    new.joinpath("igf.yaml").write_text(submission("IGF", 2029, {98: "ongoing"}))
    return inputs


def analyse(inputs: Path, previous: int | str | None = "auto"):
    earlier, notes = earlier_cycle(inputs, 2029, previous)
    return coverage(load_cycle(inputs, 2029), as_of=DAY, earlier=earlier), notes


def test_changes_per_paragraph_and_entity(two_cycles: Path) -> None:
    cov, notes = analyse(two_cycles)
    assert notes == []
    data = cov.as_json()
    assert data["previous_cycle"] == 2027
    changes = {p["paragraph"]: p["changes"] for p in data["paragraphs"] if p["changes"]}
    assert changes == {
        67: [
            {"entity": "ITU", "previous": "in_progress", "current": "completed", "kind": "status"}
        ],
        98: [{"entity": "IGF", "previous": None, "current": "ongoing", "kind": "new"}],
        108: [
            {"entity": "ESCAP", "previous": "in_progress", "current": "planned", "kind": "status"},
            {"entity": "ECLAC", "previous": "ongoing", "current": None, "kind": "not_renewed"},
        ],
        110: [{"entity": "UNESCO", "previous": "planned", "current": "ongoing", "kind": "status"}],
    }
    met = [m for m in cov.milestones if m.met_since]
    # 110's WSIS Forum recurs: its 2029 occurrence has not taken place by March 2029.
    assert [m.paragraph for m in met] == [67]


def test_a_status_that_goes_backwards_is_flagged_and_chased(
    two_cycles: Path, tmp_path: Path
) -> None:
    out = tmp_path / "d.docx"
    result = build(2029, inputs=two_cycles, template=TEMPLATE, output=out, date=DAY)
    (flag,) = [f for f in result.flags if f.kind == "regressed"]
    assert note(flag) == "[Regressed: ESCAP reported less progress on paragraph 108 than in 2027]"
    assert "from in progress to planned" in comment(flag)
    with open(tmp_path / "missing-submissions.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {"entity_id": "ESCAP", "paragraph": "108", "flag": "regressed"}.items() <= next(
        r for r in rows if r["flag"] == "regressed"
    ).items()
    # Not renewing a report is not going backwards.
    assert "ECLAC" not in note(flag)


def test_the_report_says_what_moved(two_cycles: Path, tmp_path: Path) -> None:
    out = tmp_path / "d.docx"
    build(2029, inputs=two_cycles, template=TEMPLATE, output=out, date=DAY)
    document = docx.Document(str(out))
    text = full_text(document)
    assert (
        "ITU reported the work completed. Since the 2027 report, work on this paragraph "
        "was completed by one entity." in text
    )
    assert "work on this paragraph was started by one entity." in text  # UNESCO on 110
    assert "It builds on the 2027 report: chapter III notes the work completed" in text
    assert (
        "Since the 2027 report, the following milestones were met: paragraph 67 (Report the "
        "outcomes of the UNGIS task force on financial mechanisms to the CSTD)." in text
    )
    matrix = next(t for t in document.tables if t.rows[0].cells[0].text == "Entity")
    header = [c.text for c in matrix.rows[0].cells]
    itu = next(r for r in matrix.rows if r.cells[0].text.startswith("International Tele"))
    assert itu.cells[header.index("67")].text == "In progress → Completed"
    eclac = next(
        r for r in matrix.rows if r.cells[0].text.startswith("Economic Commission for Latin")
    )
    # Not renewed is no movement: no arrow.
    assert eclac.cells[header.index("108")].text == "Missing (Ongoing in 2027)"
    assert ooxml_errors(out) == []


def test_status_prints_a_since_block(cli, two_cycles: Path) -> None:
    result = cli("status", "2029", "--inputs", str(two_cycles), "--date", "2029-03-15")
    assert result.exit_code == 0, result.output
    assert (
        "Since 2027: 3 changes of status on 3 paragraphs (1 completed, 1 started); 1 new "
        "report; 1 report not renewed." in result.stdout
    )
    assert "  regressed on paragraph 108: ESCAP (in_progress -> planned)" in result.stdout
    as_json = cli("status", "2029", "--inputs", str(two_cycles), "--json", "--previous", "none")
    assert json.loads(as_json.stdout)["previous_cycle"] is None


def test_previous_must_name_an_existing_cycle(cli, two_cycles: Path) -> None:
    for command in ("status", "build"):
        result = cli(command, "2029", "--inputs", str(two_cycles), "--previous", "2025")
        assert result.exit_code == 2
        assert "there is no folder" in result.stderr and "2025" in result.stderr


def test_an_earlier_cycle_with_errors_is_skipped_with_a_warning(two_cycles: Path) -> None:
    (two_cycles / "2027" / "itu.yaml").write_text("entity: ITU\ncycle: 2027\n")
    cov, notes = analyse(two_cycles)
    assert cov.previous_cycle is None
    (note,) = notes
    assert note.severity == "warning"
    assert "the 2027 cycle has 2 errors against today's reference data" in note.message
    assert "the comparison with 2027 is skipped" in note.message


def test_a_paragraph_gone_from_the_table_is_compared_by_number(two_cycles: Path) -> None:
    path = two_cycles / "2027" / "igf.yaml"
    path.write_text(submission("IGF", 2027, {98: "planned", 99: "ongoing"}))
    cov, notes = analyse(two_cycles)
    assert cov.previous_cycle == 2027
    assert [n.message for n in notes] == [
        "paragraph 99 is no longer in the action table; the comparison with this cycle goes "
        "by its number"
    ]
    assert notes[0].file == str(path)


def test_the_scaffold_prefills_from_the_previous_submission(two_cycles: Path) -> None:
    (two_cycles / "2029" / "itu.yaml").unlink()
    made = new_submission("ITU", 2029, two_cycles)
    text = made.path.read_text(encoding="utf-8")
    assert "  # In 2027: in progress. Your 2027 summary, to update from (not read):" in text
    assert "  #   ITU on paragraph 67 in 2027: in_progress." in text
    assert "    status: TODO  # in 2027: in_progress; now one of not_started" in text
    # A file copied unchanged still fails: nothing was filled in.
    with pytest.raises(InputError) as caught:
        load_cycle(two_cycles, 2029)
    assert any("not filled in yet" in d.message for d in caught.value.errors)


# --- Since the last build -------------------------------------------------------------------


def build_cli(cli, inputs: Path, day: str, *extra: str):
    return cli("build", "2029", "--inputs", str(inputs), "--date", day, *extra)


def marks(document: Path) -> list[str]:
    return [
        c.text
        for c in docx.Document(str(document)).comments
        if c.text.startswith(("New since", "Changed since"))
    ]


def test_a_rebuild_says_what_changed_and_marks_it(cli, two_cycles: Path, tmp_path: Path) -> None:
    assert build_cli(cli, two_cycles, "2029-03-01").exit_code == 0
    folder = tmp_path / "outputs" / "2029"
    draft = folder / "WSIS-report-2029-draft.docx"
    compilation = folder / "WSIS-contributions-2029.docx"
    assert marks(draft) == marks(compilation) == []
    new = two_cycles / "2029"
    new.joinpath("itu.yaml").write_text(submission("ITU", 2029, {67: "completed", 53: "planned"}))
    new.joinpath("igf.yaml").unlink()
    new.joinpath("ungis.yaml").write_text(submission("UNGIS", 2029, {121: "ongoing"}))
    result = build_cli(cli, two_cycles, "2029-03-20")
    assert result.exit_code == 0, result.output
    assert (
        "Since the build of 1 March 2029:\n"
        f"  1 new submission: {new / 'ungis.yaml'}\n"
        f"  1 changed submission: {new / 'itu.yaml'}\n"
        f"  1 withdrawn submission: {new / 'igf.yaml'}\n" in result.stderr
    )
    expected = [
        "New since the build of 1 March 2029: the report of the International "
        "Telecommunication Union on paragraph 53 was not in that build.",
        "New since the build of 1 March 2029: the report of the United Nations Group on the "
        "Information Society on paragraph 121 was not in that build.",
    ]
    assert sorted(marks(draft)) == expected
    assert sorted(marks(compilation)) == expected
    before = draft.read_bytes(), compilation.read_bytes()
    # Unchanged inputs: the same markers, the same bytes.
    again = build_cli(cli, two_cycles, "2029-03-20")
    assert again.exit_code == 0
    assert "Since the build of 1 March 2029:" in again.stderr
    assert (draft.read_bytes(), compilation.read_bytes()) == before


def test_a_refusal_says_how_many_submissions_changed(cli, two_cycles: Path, tmp_path: Path) -> None:
    assert build_cli(cli, two_cycles, "2029-03-01").exit_code == 0
    draft = tmp_path / "outputs" / "2029" / "WSIS-report-2029-draft.docx"
    edited = docx.Document(str(draft))
    edited.add_paragraph("A reviewer's edit.")
    edited.save(str(draft))
    (two_cycles / "2029" / "ungis.yaml").write_text(submission("UNGIS", 2029, {121: "ongoing"}))
    result = build_cli(cli, two_cycles, "2029-03-20")
    assert result.exit_code == 1
    assert "1 submission is new or changed since the draft's build." in result.stderr
    assert "--output" in result.stderr
    assert "run: build-report update 2029" in result.stderr


def test_a_corrupt_manifest_never_stops_a_build(cli, two_cycles: Path, tmp_path: Path) -> None:
    assert build_cli(cli, two_cycles, "2029-03-01").exit_code == 0
    folder = tmp_path / "outputs" / "2029"
    manifest = folder / ".report-builder-manifest.json"
    data = json.loads(manifest.read_text())
    data["builds"] = [{"date": "soon"}]
    manifest.write_text(json.dumps(data))
    result = build_cli(cli, two_cycles, "2029-03-20")
    assert result.exit_code == 0, result.output
    assert "the manifest cannot be read" in result.stderr
    assert "Since the build" not in result.stderr
    # Edited files are still never overwritten.
    draft = folder / "WSIS-report-2029-draft.docx"
    edited = docx.Document(str(draft))
    edited.add_paragraph("A reviewer's edit.")
    edited.save(str(draft))
    manifest.write_text("{not json")
    refused = build_cli(cli, two_cycles, "2029-03-21")
    assert refused.exit_code == 1


def test_a_manifest_that_is_not_json_is_said_to_be_unreadable(
    cli, two_cycles: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "outputs" / "2029"
    folder.mkdir(parents=True)
    (folder / ".report-builder-manifest.json").write_text("{not json")
    result = build_cli(cli, two_cycles, "2029-03-20")
    assert result.exit_code == 0, result.output
    assert (
        f"{Path('outputs') / '2029' / '.report-builder-manifest.json'}: warning: the manifest "
        "cannot be read (edited by hand?), so what changed since the last build is not shown; "
        "it is written anew, and edited outputs are still never overwritten"
    ) in result.stderr.splitlines()
