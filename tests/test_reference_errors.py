"""Every error case of the reference data, with its exact FILE:LINE:COL message."""

from __future__ import annotations

from pathlib import Path

import pytest

from report_builder import InputError
from report_builder.diagnostics import for_display
from report_builder.inputs.reference import load_reference

from .conftest import write

TABLE = """
resolution: A/RES/80/173
adopted: 2025-12-17
source: test
reporting_paragraph: 124
themes:
  - id: review
    title: Review
actions:
  - paragraph: 67
    theme: review
    action: Establish a task force.
    asked: ITU
    entities:
      - entity: ITU
  - paragraph: 124
    theme: review
    action: Submit a report.
    asked: CSTD
    entities:
      - entity: CSTD
"""

ENTITIES = """
entities:
  - id: ITU
    name: International Telecommunication Union
    kind: organization
  - id: CSTD
    name: Commission on Science and Technology for Development
    kind: organization
  - id: commissions
    name: Regional commissions
    kind: group
    members: [ITU]
"""


def errors(folder: Path, table: str = TABLE, entities: str = ENTITIES) -> list[str]:
    write(folder / "action_table.yaml", table)
    write(folder / "entities.yaml", entities)
    with pytest.raises(InputError) as caught:
        load_reference(folder)
    # The fixture's actions have no title, which is a warning, not one of these errors.
    return [str(d) for d in caught.value.errors]


def test_fixture_is_valid(tmp_path: Path) -> None:
    write(tmp_path / "action_table.yaml", TABLE)
    write(tmp_path / "entities.yaml", ENTITIES)
    assert load_reference(tmp_path).accountable == {67: ["ITU"], 124: ["CSTD"]}


def test_unknown_entity_in_table(tmp_path: Path) -> None:
    got = errors(tmp_path, TABLE.replace("- entity: CSTD", "- entity: CSDT"))
    assert got == [
        f"{tmp_path}/action_table.yaml:20:17: unknown entity 'CSDT' (did you mean 'CSTD'?); "
        "add it to entities.yaml or correct the id"
    ]


def test_unknown_group_member(tmp_path: Path) -> None:
    got = errors(tmp_path, entities=ENTITIES.replace("members: [ITU]", "members: [ITU, ECX]"))
    assert got == [f"{tmp_path}/entities.yaml:11:20: unknown entity 'ECX'"]


def test_membership_cycle(tmp_path: Path) -> None:
    entities = ENTITIES.replace("members: [ITU]", "members: [ITU, inner]") + (
        "  - id: inner\n    name: Inner\n    kind: group\n    members: [commissions]\n"
    )
    got = errors(tmp_path, entities=entities)
    assert got == [
        f"{tmp_path}/entities.yaml:11:14: groups contain each other: commissions -> inner -> commissions",
        f"{tmp_path}/entities.yaml:15:14: groups contain each other: inner -> commissions -> inner",
    ]


def test_duplicate_entity_id(tmp_path: Path) -> None:
    entities = ENTITIES + "  - id: ITU\n    name: Another\n    kind: organization\n"
    got = errors(tmp_path, entities=entities)
    assert got == [f"{tmp_path}/entities.yaml:12:9: duplicate entity id 'ITU'"]


def test_alias_claimed_by_two_entities(tmp_path: Path) -> None:
    entities = ENTITIES.replace(
        "    name: Commission on Science and Technology for Development\n",
        "    name: Commission on Science and Technology for Development\n    aliases: [itu]\n",
    )
    got = errors(tmp_path, entities=entities)
    assert got == [
        f"{tmp_path}/entities.yaml:7:15: 'itu' is already the id, name or alias of 'ITU'"
    ]


def test_duplicate_paragraph(tmp_path: Path) -> None:
    got = errors(tmp_path, TABLE.replace("paragraph: 124", "paragraph: 67"))
    assert f"{tmp_path}/action_table.yaml:15:16: paragraph 67 appears twice" in got


def test_unordered_paragraphs(tmp_path: Path) -> None:
    got = errors(
        tmp_path,
        TABLE.replace("paragraph: 124", "paragraph: 60").replace(
            "reporting_paragraph: 124", "reporting_paragraph: 60"
        ),
    )
    assert got == [
        f"{tmp_path}/action_table.yaml:15:16: paragraph 60 comes after 67; keep paragraphs in "
        "ascending order"
    ]


def test_unknown_theme(tmp_path: Path) -> None:
    got = errors(
        tmp_path,
        TABLE.replace("theme: review\n    action: Submit", "theme: reveiw\n    action: Submit"),
    )
    assert got == [
        f"{tmp_path}/action_table.yaml:16:12: unknown theme 'reveiw' (did you mean 'review'?)"
    ]


def test_missing_required_key(tmp_path: Path) -> None:
    got = errors(tmp_path, TABLE.replace("    asked: CSTD\n", ""))
    assert got == [f"{tmp_path}/action_table.yaml:15:5: actions[1]: missing required key 'asked'"]


def test_misspelt_key_gets_a_suggestion(tmp_path: Path) -> None:
    got = errors(tmp_path, TABLE.replace("    asked: CSTD", "    aksed: CSTD"))
    assert (
        f"{tmp_path}/action_table.yaml:18:5: actions[1]: unknown key 'aksed' (did you mean 'asked'?)"
        in got
    )


def test_misspelt_key_in_registry(tmp_path: Path) -> None:
    got = errors(tmp_path, entities=ENTITIES.replace("    kind: group", "    knid: group"))
    assert (
        f"{tmp_path}/entities.yaml:10:5: entities[2]: unknown key 'knid' (did you mean 'kind'?)"
        in got
    )


def test_every_problem_in_both_files_at_once(tmp_path: Path) -> None:
    got = errors(
        tmp_path,
        TABLE.replace("theme: review\n    action: Submit", "theme: other\n    action: Submit"),
        ENTITIES.replace("members: [ITU]", "members: [XYZ]"),
    )
    assert [line.split(": ")[0].rsplit("/", 1)[1] for line in got] == [
        "action_table.yaml:16:12",
        "entities.yaml:11:15",
    ]


def test_unknown_kind_lists_the_choices(tmp_path: Path) -> None:
    got = errors(tmp_path, entities=ENTITIES.replace("kind: group", "kind: team"))
    assert got == [
        f"{tmp_path}/entities.yaml:10:11: entities[2].kind: 'team' is not one of organization, "
        "organ, group, constituency"
    ]


def test_a_constituency_inside_a_group_is_a_positioned_error(tmp_path: Path) -> None:
    entities = ENTITIES.replace("members: [ITU]", "members: [ITU, everyone]") + (
        "  - id: everyone\n    name: All stakeholders\n    kind: constituency\n"
    )
    assert errors(tmp_path, entities=entities) == [
        f"{tmp_path}/entities.yaml:11:20: 'everyone' is a "
        "constituency, which a group cannot hold; list organizations, organs or groups, or "
        "name the constituency in the action table itself"
    ]


def test_an_organ_inside_a_group_is_a_member(tmp_path: Path) -> None:
    entities = ENTITIES.replace("members: [ITU]", "members: [ITU, GA]") + (
        "  - id: GA\n    name: General Assembly\n    kind: organ\n"
    )
    write(tmp_path / "action_table.yaml", TABLE)
    write(tmp_path / "entities.yaml", entities)
    reference = load_reference(tmp_path)
    assert reference.registry.expand("commissions") == ["ITU", "GA"]


def test_registry_without_memberships_keeps_its_meaning(tmp_path: Path) -> None:
    """A registry written before constituencies had members: everyone belongs to All
    stakeholders and Relevant stakeholders, and to nothing else."""
    write(tmp_path / "action_table.yaml", TABLE)
    write(tmp_path / "entities.yaml", ENTITIES)
    itu = load_reference(tmp_path).registry.entities["ITU"]
    assert itu.belongs_to == ("all-stakeholders", "relevant-stakeholders")


def test_unknown_constituency_membership(tmp_path: Path) -> None:
    entities = ENTITIES.replace(
        "    kind: organization\n", "    kind: organization\n    constituencies: [un-entites]\n", 1
    )
    assert errors(tmp_path, entities=entities) == [
        f"{tmp_path}/entities.yaml:5:22: 'un-entites' is not a constituency of the registry"
    ]


def test_missing_files_are_reported_not_raised(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_reference(tmp_path)
    messages = [str(d) for d in caught.value.diagnostics]
    hint = (
        "cannot read the file: it does not exist; inputs must name the folder that holds "
        f"action_table.yaml and entities.yaml (now: {tmp_path}; by default 'inputs' in the "
        "folder where you run the command)"
    )
    assert messages == [
        f"{tmp_path}/action_table.yaml: {hint}",
        f"{tmp_path}/entities.yaml: {hint}",
    ]


TITLED = TABLE.replace(
    "    theme: review\n    action: Establish",
    "    title: Task force\n    theme: review\n    action: Establish",
).replace(
    "    theme: review\n    action: Submit",
    "    title: Biennial report\n    theme: review\n    action: Submit",
)


def test_titled_actions_give_no_warning(tmp_path: Path) -> None:
    write(tmp_path / "action_table.yaml", TITLED)
    write(tmp_path / "entities.yaml", ENTITIES)
    reference = load_reference(tmp_path)
    assert reference.warnings == ()
    assert reference.actions[67].title == "Task force"


def test_a_title_over_eight_words_is_an_error_at_the_title(tmp_path: Path) -> None:
    table = TITLED.replace(
        "title: Task force",
        "title: A task force on the gaps in financial mechanisms for development",
    )
    assert errors(tmp_path, table) == [
        f"{tmp_path}/action_table.yaml:10:12: actions[0].title: the title has 11 words, over the "
        "limit of eight; shorten it to eight words or fewer"
    ]


def test_a_title_of_eight_words_is_accepted(tmp_path: Path) -> None:
    table = TITLED.replace("title: Task force", "title: One two three four five six seven eight")
    write(tmp_path / "action_table.yaml", table)
    write(tmp_path / "entities.yaml", ENTITIES)
    assert load_reference(tmp_path).actions[67].title == "One two three four five six seven eight"


def test_a_missing_title_is_a_warning_at_its_action(tmp_path: Path) -> None:
    table = TITLED.replace("    title: Biennial report\n", "")
    write(tmp_path / "action_table.yaml", table)
    write(tmp_path / "entities.yaml", ENTITIES)
    reference = load_reference(tmp_path)
    assert [str(d) for d in reference.warnings] == [
        f"{tmp_path}/action_table.yaml:16:5: warning: actions[1]: paragraph 124 has no title: "
        "the report's heading will read \"Paragraph 124 (resolution 80/173)\"; add 'title:' "
        "with a short title of at most eight words"
    ]


def test_missing_titles_are_summed_up_in_one_line(tmp_path: Path) -> None:
    write(tmp_path / "action_table.yaml", TABLE)
    write(tmp_path / "entities.yaml", ENTITIES)
    shown = for_display(load_reference(tmp_path).warnings, verbose=False)
    assert [str(d) for d in shown] == [
        f"{tmp_path}/action_table.yaml:9:5: warning: actions: 2 paragraphs have no title, so "
        'their headings in the report read "Paragraph 67 (resolution 80/173)" and so on; add '
        "'title:' with a short title of at most eight words to each (verbose lists each)"
    ]
    assert len(for_display(load_reference(tmp_path).warnings, verbose=True)) == 2
