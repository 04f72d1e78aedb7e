"""Arbitrary Unicode in every text field: either a clear validation error, or a draft that
holds the text verbatim."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from report_builder import InputError, build

from .conftest import INPUTS, TEMPLATE
from .test_draft import full_text

FIELDS = ("summary", "activity", "indicator_name", "indicator_unit", "challenges", "next_steps")
# Text that must come through: markup, template syntax, scripts, marks, white space.
TRICKY = [
    *"&<>\"'{}%_#[]!*|:-\n\t\r \u00a0\u0301\u200f\u202e\x85\u2028",
    *["اب", "中文", "Ж", "🌍", "👩🏽‍💻", "{{ x }}", "{% if %}", "]]>", "{_{", "%_}", "<w:t>"],
    *["&amp;", "\r\n", "TODO"],
]
# Characters a Word document cannot hold, or docxtpl would turn into structure.
FORBIDDEN = ["\x00", "\x07", "\x0b", "\x0c", "\x1f", "\ufffe", "\uffff", "\ud800"]
piece = st.one_of(
    st.text(st.characters(exclude_categories=("Cs", "Cc", "Cn")), min_size=1, max_size=8),
    st.sampled_from(TRICKY),
)
texts = st.lists(piece, min_size=1, max_size=10).map("".join)
# About half the examples carry one forbidden character in one field.
spoilers = st.one_of(st.none(), st.tuples(st.sampled_from(FIELDS), st.sampled_from(FORBIDDEN)))


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("property")
    shutil.copytree(INPUTS, root / "inputs", ignore=shutil.ignore_patterns("2027"))
    (root / "inputs" / "2027").mkdir()
    return root


def quoted(text: str) -> str:
    """A YAML double-quoted scalar for ``text``. JSON's escapes are YAML's, but YAML also
    reads U+0085, U+2028 and U+2029 written raw as line breaks, so escape those too."""
    out = json.dumps(text, ensure_ascii=False)
    for char in "\x85\u2028\u2029":
        out = out.replace(char, f"\\u{ord(char):04x}")
    return out


def submission(values: dict[str, str]) -> bytes:
    q = {k: quoted(v) for k, v in values.items()}
    text = (
        "entity: ITU\ncycle: 2027\nsubmitted: 2027-01-31\nreports:\n"
        "  - paragraph: 67\n"
        "    status: ongoing\n"
        f"    summary: {q['summary']}\n"
        f"    activities: [{q['activity']}]\n"
        f"    indicators:\n      - name: {q['indicator_name']}\n"
        f"        value: 1\n        unit: {q['indicator_unit']}\n"
        f"    challenges: {q['challenges']}\n"
        f"    next_steps: {q['next_steps']}\n"
    )
    return text.encode("utf-8", "surrogatepass")


def as_stored(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


# A build per example: with the CI profile's 300 examples, the heaviest test there is.
@pytest.mark.slow
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(values=st.fixed_dictionaries({field: texts for field in FIELDS}), spoiler=spoilers)
def test_any_text_is_rejected_clearly_or_kept_verbatim(
    workspace: Path, values: dict[str, str], spoiler: tuple[str, str] | None
) -> None:
    if spoiler:
        field, char = spoiler
        values = {**values, field: values[field][:1] + char + values[field][1:]}
    path = workspace / "inputs" / "2027" / "itu.yaml"
    path.write_bytes(submission(values))
    out = workspace / "out" / "d.docx"
    try:
        build(
            2027,
            inputs=workspace / "inputs",
            template=TEMPLATE,
            output=out,
            date=dt.date(2027, 3, 15),
            force=True,
        )
    except InputError as exc:
        event("rejected with a clear error")
        assert exc.errors
        for error in exc.errors:
            assert error.file == str(path)
            assert error.line > 0 and error.message
        return
    event("built")
    text = full_text(docx.Document(str(out.with_name("d-contributions.docx"))))
    for field, value in values.items():
        assert as_stored(value) in text, field


# A questionnaire round trip: text typed into the Word questionnaire's fields comes out
# verbatim in the compilation, or is refused with a message that names the questionnaire.
TYPED = ("summary", "highlight", "challenges", "next_steps")
typed_texts = st.lists(
    st.one_of(
        st.text(st.characters(exclude_categories=("Cs", "Cc", "Cn")), min_size=1, max_size=8),
        # A carriage return is no character of a Word document's text.
        st.sampled_from([t for t in TRICKY if "\r" not in t]),
    ),
    min_size=1,
    max_size=6,
).map("".join)


@pytest.fixture(scope="module")
def blank_questionnaire(workspace: Path) -> Path:
    from report_builder.documents.questionnaire import new_questionnaire

    target = workspace / "questionnaire.docx"
    new_questionnaire(
        "ITU", 2027, workspace / "inputs", target, TEMPLATE.parent / "contributions_template.docx"
    )
    return target


@settings(
    max_examples=8,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(values=st.fixed_dictionaries({field: typed_texts for field in TYPED}))
def test_a_questionnaire_round_trip_keeps_any_text(
    workspace: Path, blank_questionnaire: Path, values: dict[str, str]
) -> None:
    from report_builder.documents.importing import import_questionnaires

    from .questionnaires import fill

    answers = {f"report.67.{field}": value for field, value in values.items()}
    answers |= {"submitted": "2027-01-31", "report.67.status": "Ongoing"}
    source = fill(blank_questionnaire, workspace / "itu.docx", answers)
    (workspace / "inputs" / "2027" / "itu.yaml").unlink(missing_ok=True)
    try:
        import_questionnaires([source], workspace / "inputs", force=True)
        out = workspace / "out" / "q.docx"
        build(2027, inputs=workspace / "inputs", template=TEMPLATE, output=out,
              date=dt.date(2027, 3, 15), force=True)  # fmt: skip
    except InputError as exc:
        event("rejected with a clear error")
        assert exc.errors
        for error in exc.errors:
            assert error.message and error.file in (
                str(source),
                str(workspace / "inputs" / "2027" / "itu.yaml"),
            )
        return
    event("built")
    text = full_text(docx.Document(str(out.with_name("q-contributions.docx"))))
    for field, value in values.items():
        assert value.strip() in text, field
