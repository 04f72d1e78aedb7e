"""The manifest at scale: build records stay bounded, the reader accepts whatever the
writer writes, and a manifest that cannot be read refuses only what nothing else vouches
for."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

import docx
import pytest

from report_builder import BuildError, build, update

MANIFEST = ".report-builder-manifest.json"
REPO = Path(__file__).resolve().parents[1]


def change(inputs: Path, file: str, n: int) -> None:
    """A new summary in one submission: the kind of change a resubmission brings."""
    path = inputs / "2027" / file
    text = path.read_text(encoding="utf-8")
    block = "summary: >-\n"
    if block in text:
        at = text.index(block) + len(block)
        text = f"{text[:at]}      Resubmission {n}.\n{text[at:]}"
    else:
        text = text.replace("summary: ", f"summary: Resubmission {n}. ", 1)
    path.write_text(text, encoding="utf-8")


def records(folder: Path) -> list[dict[str, object]]:
    data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    history: list[dict[str, object]] = data.get("builds", [])
    return history


def test_rebuilds_keep_only_the_records_and_copies_still_needed(
    inputs: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "draft.docx"
    for n in range(6):
        change(inputs, "itu.yaml", n)
        build(2027, inputs=inputs, output=out, date=dt.date(2027, 3, 1 + n))
    # The latest build, and the latest one whose inputs differ ("since the last build").
    assert len(records(out.parent)) == 2
    assert len(list((out.parent / ".report-builder").iterdir())) == 1
    updated = update(2027, inputs=inputs, draft=out, date=dt.date(2027, 3, 20)).updated
    change(inputs, "igf.yaml", 9)
    build(2027, inputs=inputs, output=out, date=dt.date(2027, 3, 21))
    # The updated draft's build is kept for its next update, with its copy.
    kept = {Path(p).stem for p in (out.parent / ".report-builder").iterdir()}
    assert len(kept) == 2
    builds = {b for r in records(out.parent) for b in r["builds"]}  # type: ignore[attr-defined]
    assert kept <= builds
    assert update(2027, inputs=inputs, draft=updated, date=dt.date(2027, 3, 22)).updated.exists()


def test_a_manifest_that_cannot_be_read_refuses_only_what_nothing_vouches_for(
    inputs: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "draft.docx"
    build(2027, inputs=inputs, output=out, date=dt.date(2027, 3, 1))
    manifest = out.parent / MANIFEST
    manifest.write_text("{cut short", encoding="utf-8")
    change(inputs, "itu.yaml", 1)
    # The draft records its build and the hashes of the files beside it: all vouched for.
    result = build(2027, inputs=inputs, output=out, date=dt.date(2027, 3, 2))
    assert any("the manifest cannot be read" in w.message for w in result.warnings)
    manifest.write_text("{cut short", encoding="utf-8")
    (out.parent / "coverage.json").write_text("{}", encoding="utf-8")
    change(inputs, "itu.yaml", 2)
    with pytest.raises(BuildError) as caught:
        build(2027, inputs=inputs, output=out, date=dt.date(2027, 3, 3))
    assert str(caught.value).startswith(
        f"{out.parent / 'coverage.json'} cannot be told from an edited file, as the manifest "
        "cannot be read, so it is left as it is."
    )
    document = docx.Document(str(out))
    document.add_paragraph("A reviewer's edit.")
    document.save(str(out))
    (out.parent / "coverage.json").unlink()
    with pytest.raises(BuildError) as caught:
        build(2027, inputs=inputs, output=out, date=dt.date(2027, 3, 3))
    assert str(caught.value).startswith(f"{out} cannot be told from an edited file")


def make_cycle(root: Path, submissions: int) -> Path:
    """The benchmark's synthetic cycle of ``submissions`` submissions."""
    spec = importlib.util.spec_from_file_location(
        "bench_build", REPO / "benchmarks" / "bench_build.py"
    )
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    inputs: Path = bench.make_cycle(root, submissions)
    return inputs


# The bound the note states: a manifest at 1,000 submissions stays under it.
MANIFEST_BOUND = 4 * 1024 * 1024


@pytest.mark.slow
def test_a_rebuild_at_1000_submissions_after_a_one_file_change(tmp_path: Path) -> None:
    inputs = make_cycle(tmp_path, 1000)
    out = tmp_path / "out" / "draft.docx"
    build(2027, inputs=inputs, output=out, date=dt.date(2027, 3, 1))
    change(inputs, "bench-00500.yaml", 1)
    build(2027, inputs=inputs, output=out, date=dt.date(2027, 3, 2))
    assert (out.parent / MANIFEST).stat().st_size < MANIFEST_BOUND


@pytest.mark.slow
def test_ten_rebuilds_with_changes_at_200_submissions(tmp_path: Path) -> None:
    inputs = make_cycle(tmp_path, 200)
    out = tmp_path / "out" / "draft.docx"
    sizes = []
    for n in range(11):
        if n:
            change(inputs, f"bench-{n:05d}.yaml", n)
        build(2027, inputs=inputs, output=out, date=dt.date(2027, 3, 1 + n))
        sizes.append((out.parent / MANIFEST).stat().st_size)
    assert len(records(out.parent)) == 2
    assert max(sizes) < MANIFEST_BOUND / 4


def test_without_a_manifest_an_edit_outside_the_body_is_still_an_edit(
    inputs: Path, tmp_path: Path
) -> None:
    """A reviewer who changed only a footer left document.xml as built: the other parts'
    digest tells."""
    out = tmp_path / "out" / "draft.docx"
    build(2027, inputs=inputs, output=out, date=dt.date(2027, 3, 1))
    document = docx.Document(str(out))
    document.sections[0].first_page_footer.add_paragraph("Footer edited by a reviewer.")
    document.save(str(out))
    (out.parent / MANIFEST).write_text("{cut short", encoding="utf-8")
    change(inputs, "itu.yaml", 1)
    with pytest.raises(BuildError) as caught:
        build(2027, inputs=inputs, output=out, date=dt.date(2027, 3, 2))
    assert str(caught.value).startswith(f"{out} cannot be told from an edited file")
