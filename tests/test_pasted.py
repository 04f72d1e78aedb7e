"""Content pasted from Word, a chat or a web page that the report cannot print as it is:
emoji, and bullet lines that YAML folds into one, warned of at validate and import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from report_builder import InputError, load_cycle

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


# Directional controls: embeddings and overrides end with U+202C, isolates with U+2069.
RLO, PDF, RLI, PDI = "\u202e", "\u202c", "\u2067", "\u2069"
GUIDE = "\u0627\u0644\u062f\u0644\u064a\u0644"  # "the guide", in Arabic
UNENDED = (
    "invisible character {code} ({name}) turns the direction of the text after it and "
    "nothing ends it, so it could reorder other entities' text in the report; delete it "
    "(it stands {where})"
)


def test_validate_refuses_a_direction_change_that_is_never_ended(
    cli: Cli, empty_cycle: Path
) -> None:
    """An unended U+202E in ITU's highlight would reverse UNESCO's text after it in the same
    paragraph of the report."""
    path = write(
        empty_cycle / "2027" / "itu.yaml",
        HEAD + "    status: in_progress\n    summary: The task force met.\n"
        f"    highlight: ITU launched {RLO}the Connect 2030 toolkit.\n",
    )
    result = cli("validate", "2027", "--inputs", str(empty_cycle))
    assert result.exit_code == 1, result.output
    where = "just before 'the Connect 2030 toolkit.'"
    assert result.stderr.splitlines()[0] == (
        f"{path}:8:29: paragraph 67, highlight: "
        + UNENDED.format(code="U+202E", name="right-to-left override", where=where)
    )


def test_an_escaped_direction_change_is_placed_where_it_is_typed(empty_cycle: Path) -> None:
    write(
        empty_cycle / "2027" / "itu.yaml",
        HEAD + "    status: in_progress\n    summary: The task force met.\n"
        "    activities:\n      - Guide published\n"
        '      - "Workshop \\u2067held in \\u2067Nairobi\\u2069"\n',
    )
    with pytest.raises(InputError) as caught:
        load_cycle(empty_cycle, 2027)
    assert [(d.line, d.column, d.path, d.message) for d in caught.value.diagnostics] == [
        (
            10,
            19,
            "reports[0].activities[1]",
            UNENDED.format(
                code="U+2067",
                name="right-to-left isolate",
                where="just before 'held in \\u2067Nairobi\\u2069'",
            ),
        )
    ]


@pytest.mark.parametrize(
    ("text", "column", "message"),
    [
        (
            f"The guide{PDF} was adopted.",
            23,
            "invisible character U+202C (pop directional formatting) ends a change of "
            "direction that the text never began, so it could reorder other entities' text in "
            "the report; delete it (it stands just before ' was adopted.')",
        ),
        (
            f"The guide was adopted.{PDI}",
            36,
            "invisible character U+2069 (pop directional isolate) ends a change of direction "
            "that the text never began, so it could reorder other entities' text in the "
            "report; delete it (it stands at the end, after 'The guide was adopted.')",
        ),
        (
            f"The guide {RLI}\u202bwas{PDF} adopted.",
            24,
            UNENDED.format(
                code="U+2067",
                name="right-to-left isolate",
                where="just before '\\u202bwas\\u202c adopted.'",
            ),
        ),
    ],
    ids=["PDF alone", "PDI alone", "isolate open"],
)
def test_a_direction_change_must_be_ended_in_the_same_text(
    empty_cycle: Path, text: str, column: int, message: str
) -> None:
    write(
        empty_cycle / "2027" / "itu.yaml",
        HEAD + f"    status: in_progress\n    summary: {text}\n",
    )
    with pytest.raises(InputError) as caught:
        load_cycle(empty_cycle, 2027)
    assert [(d.line, d.column, d.message) for d in caught.value.diagnostics] == [
        (7, column, message)
    ]


@pytest.mark.parametrize(
    "text",
    [
        f"ITU published \u202b{GUIDE}{PDF} in Arabic.",
        f"ITU published {RLI}{GUIDE}{PDI} and {RLO}x{PDF}.",
        # An isolate ends the embeddings begun inside it, as Unicode's algorithm says.
        f"ITU published {RLI}\u202b{GUIDE}{PDI} in Arabic.",
        f"ITU published \u200f{GUIDE}\u200e in Arabic.",
    ],
    ids=["embedding", "isolate and override", "isolate ends embedding", "marks"],
)
def test_direction_changes_ended_in_the_text_are_accepted(empty_cycle: Path, text: str) -> None:
    write(
        empty_cycle / "2027" / "itu.yaml",
        HEAD
        + f'    status: in_progress\n    summary: The task force met.\n    highlight: "{text}"\n',
    )
    assert load_cycle(empty_cycle, 2027).submissions


def test_the_registry_refuses_a_direction_change_too(inputs: Path) -> None:
    registry = inputs / "entities.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(
        text.replace(
            "name: International Telecommunication Union",
            f"name: International {RLO}Telecommunication Union",
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_cycle(inputs, 2027)
    assert [(d.file.endswith("entities.yaml"), d.path) for d in caught.value.diagnostics] == [
        (True, "entities[0].name")
    ]


def test_import_refuses_a_direction_change_that_is_never_ended(
    cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    returned, result = returned_by_eca(
        cli, inputs, tmp_path, {"summary": f"ECA trained {RLO}staff in ten countries."}, 1
    )
    assert (
        f"{returned}: paragraph 108, Summary: "
        + UNENDED.format(
            code="U+202E",
            name="right-to-left override",
            where="just before 'staff in ten countries.'",
        )
    ) in result.stderr.splitlines()
