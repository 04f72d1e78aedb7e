"""Text the report quotes in a language other than English: a warning on a highlight at
validate and import, and a comment for the reviewer in the report; summaries in any of the
six official languages are legitimate and get no warning."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
from click.testing import Result

from report_builder import build, load_cycle

from .conftest import INPUTS, TEMPLATE, write
from .questionnaires import returned_by_eca
from .test_voice import DAY, comments_on

Cli = Callable[..., Result]

SPANISH = (
    "La CEPAL capacitó a funcionarios de los ministerios de diez países de la región "
    "sobre la economía digital."
)


def submission(summary: str, highlight: str | None = None) -> str:
    text = (
        "entity: ECLAC\ncycle: 2027\nsubmitted: 2027-01-31\nreports:\n"
        "  - paragraph: 108\n    status: in_progress\n"
        f"    summary: >-\n      {summary}\n"
    )
    return text + (f"    highlight: >-\n      {highlight}\n" if highlight else "")


def test_validate_warns_of_a_highlight_in_spanish(cli: Cli, empty_cycle: Path) -> None:
    path = write(
        empty_cycle / "2027" / "eclac.yaml", submission("ECLAC met twice.", highlight=SPANISH)
    )
    result = cli("validate", "2027", "--inputs", str(empty_cycle))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"{path}:10:7: warning: paragraph 108, highlight: the highlight is in Spanish; the report "
        "is in English and quotes the highlight as it is, so write it in English (the "
        "summary may stay in Spanish)"
    ]


def test_each_official_language_is_named(empty_cycle: Path) -> None:
    highlights = {
        "Arabic": "نظمت اللجنة حلقات عمل في عشرة بلدان",
        "Chinese": "拉加经委会在十个国家举办了讲习班",
        "French": "La CEPALC a organisé des ateliers sur la cybersécurité dans dix pays.",
        "Russian": "ЭКЛАК провела семинары в десяти странах",
        "Spanish": SPANISH,
    }
    for language, highlight in highlights.items():
        write(empty_cycle / "2027" / "eclac.yaml", submission("ECLAC met.", highlight=highlight))
        (warning,) = load_cycle(empty_cycle, 2027).warnings
        assert warning.message.startswith(f"the highlight is in {language}; ")


def test_summaries_in_other_languages_and_english_highlights_get_no_warning(
    empty_cycle: Path,
) -> None:
    for highlight in (
        None,
        "ECLAC trained officials of ten countries in the region on the digital economy.",
        # Too few words to tell, and a Spanish name in an English sentence.
        "ECLAC: y el.",
        "ECLAC hosted the eLAC ministerial conference of the region in Santiago.",
    ):
        write(empty_cycle / "2027" / "eclac.yaml", submission(SPANISH, highlight=highlight))
        assert load_cycle(empty_cycle, 2027).warnings == ()


def test_the_english_samples_get_no_language_warning() -> None:
    assert [w for w in load_cycle(INPUTS, 2027).warnings if "is in " in w.message] == []


def test_import_warns_of_a_highlight_in_french(cli: Cli, inputs: Path, tmp_path: Path) -> None:
    returned, result = returned_by_eca(
        cli,
        inputs,
        tmp_path,
        {
            "summary": "ECA trained staff in ten countries.",
            "highlight": "La CEA a organisé des ateliers sur la cybersécurité dans dix pays.",
        },
    )
    assert (
        f"{returned}: warning: paragraph 108, Highlight: the highlight is in French; the report "
        "is in English and quotes the highlight as it is, so write it in English (the summary "
        "may stay in French)"
    ) in result.stderr.splitlines()


def language_comments(draft: Path) -> list[tuple[str, str]]:
    """Each "Language:" comment of the draft, with the text of the paragraph it is on."""
    doc = docx.Document(str(draft))
    return [
        (paragraph.text, comment)
        for paragraph in doc.paragraphs
        for comment in comments_on(paragraph, doc)
        if comment.startswith("Language:")
    ]


def test_the_report_asks_reviewers_to_translate_eclacs_spanish_sample(tmp_path: Path) -> None:
    out = tmp_path / "draft.docx"
    build(2027, inputs=INPUTS, template=TEMPLATE, output=out, date=DAY)
    found = language_comments(out)
    assert [comment for _, comment in found] == [
        "Language: the sentence quoted from the summary of ECLAC on paragraph 53 is in "
        "Spanish; translate or replace it.",
        "Language: the sentence quoted from the summary of ECLAC on paragraph 108 is in "
        "Spanish; translate or replace it.",
    ]
    assert (
        "ECLAC: Ejemplo ilustrativo: asistencia técnica a países de la región sobre entornos "
        "digitales habilitantes."
    ) in found[0][0]
    assert (
        "ECLAC: Ejemplo ilustrativo: la Agenda Digital para América Latina y el Caribe (eLAC) "
        "sigue siendo el mecanismo regional de seguimiento de la CMSI."
    ) in found[1][0]


def test_a_highlight_in_spanish_gets_one_comment_in_the_report(
    empty_cycle: Path, tmp_path: Path
) -> None:
    write(empty_cycle / "2027" / "eclac.yaml", submission("ECLAC met twice.", highlight=SPANISH))
    out = tmp_path / "draft.docx"
    build(2027, inputs=empty_cycle, template=TEMPLATE, output=out, date=DAY)
    assert language_comments(out) == [
        (
            SPANISH,
            "Language: the highlight of ECLAC on paragraph 108 is in Spanish; translate or "
            "replace it.",
        ),
    ]
