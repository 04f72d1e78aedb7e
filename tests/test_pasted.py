"""Content pasted from Word, a chat or a web page that the report cannot print as it is:
emoji, and bullet lines that YAML folds into one, warned of at validate and import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from report_builder import load_cycle

from .conftest import write
from .questionnaires import returned_by_eca

Cli = Callable[..., Result]

HEAD = "entity: ITU\ncycle: 2027\nsubmitted: 2027-01-31\nreports:\n  - paragraph: 67\n"


def test_validate_names_an_emoji_and_where_it_stands(cli: Cli, empty_cycle: Path) -> None:
    path = write(
        empty_cycle / "2027" / "itu.yaml",
        HEAD + "    status: in_progress\n"
        "    summary: >-\n"
        "      The task force met twice and agreed\n"
        "      on a work plan 👍🏽 for 2027.\n"
        "    highlight: ITU launched the Connect 2030 toolkit 🚀\n",
    )
    result = cli("validate", "2027", "--inputs", str(empty_cycle))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"{path}:9:22: warning: paragraph 67, summary: the summary holds the emoji 👍🏽 "
        "(THUMBS UP SIGN), which Word may print as a gap; delete it",
        f"{path}:10:54: warning: paragraph 67, highlight: the highlight holds the emoji 🚀 "
        "(ROCKET), which Word may print as a gap; delete it",
    ]


def test_emoji_in_lists_and_indicators_are_named_too(empty_cycle: Path) -> None:
    write(
        empty_cycle / "2027" / "itu.yaml",
        HEAD + "    status: in_progress\n    summary: The task force met.\n"
        "    activities:\n      - Guide published\n      - ✅ Workshop held in Nairobi\n"
        "    indicators:\n      - name: Countries reached 🇰🇪\n        value: 4\n",
    )
    assert [
        (w.line, w.column, w.path, w.message) for w in load_cycle(empty_cycle, 2027).warnings
    ] == [
        (
            10,
            9,
            "reports[0].activities[1]",
            "the activity holds the emoji ✅ (WHITE HEAVY CHECK MARK), which Word may print as "
            "a gap; delete it",
        ),
        (
            12,
            33,
            "reports[0].indicators[0].name",
            "the indicator's name holds the emoji 🇰🇪 (REGIONAL INDICATOR SYMBOL LETTER K), "
            "which Word may print as a gap; delete it",
        ),
    ]


def test_symbols_a_report_may_print_are_not_emoji(empty_cycle: Path) -> None:
    write(
        empty_cycle / "2027" / "itu.yaml",
        HEAD + "    status: in_progress\n"
        "    summary: ITU™ raised coverage by 5 °C → 45 per cent © 2027 ■.\n",
    )
    assert load_cycle(empty_cycle, 2027).warnings == ()


def test_bullet_lines_in_a_folded_text_suggest_keeping_the_lines(
    cli: Cli, empty_cycle: Path
) -> None:
    path = write(
        empty_cycle / "2027" / "itu.yaml",
        HEAD + "    status: in_progress\n"
        "    summary: >-\n"
        "      ITU did the following:\n"
        "      • Trained 400 officials.\n"
        "      • Published a guide.\n",
    )
    result = cli("validate", "2027", "--inputs", str(empty_cycle))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"{path}:9:7: warning: paragraph 67, summary: the summary has lines that start with a "
        "bullet ('•'), which YAML joins into one line; to keep the lines, write "
        "'summary: |-' instead of 'summary: >-', or list them under 'activities', one item "
        "each"
    ]


def test_bullet_lines_kept_with_a_literal_block_are_fine(empty_cycle: Path) -> None:
    for bullet in "•◦▪‣–":
        write(
            empty_cycle / "2027" / "itu.yaml",
            HEAD + "    status: in_progress\n"
            f"    summary: |-\n      ITU did this:\n      {bullet} Trained 400 officials.\n",
        )
        assert load_cycle(empty_cycle, 2027).warnings == ()


def test_every_bullet_character_is_warned_of_in_a_folded_text(empty_cycle: Path) -> None:
    for bullet in "•◦▪‣–":
        write(
            empty_cycle / "2027" / "itu.yaml",
            HEAD + "    status: in_progress\n"
            f"    summary: >-\n      ITU did this:\n      {bullet} Trained 400 officials.\n",
        )
        (warning,) = load_cycle(empty_cycle, 2027).warnings
        assert warning.message.startswith(
            f"the summary has lines that start with a bullet ('{bullet}')"
        )


def test_import_names_an_emoji_by_its_field(cli: Cli, inputs: Path, tmp_path: Path) -> None:
    returned, result = returned_by_eca(
        cli,
        inputs,
        tmp_path,
        {
            "summary": "ECA trained staff in ten countries 🎉.",
        },
    )
    assert (
        f"{returned}: warning: paragraph 108, Summary: the summary holds the emoji 🎉 "
        "(PARTY POPPER), which Word may print as a gap; delete it"
    ) in result.stderr.splitlines()
