"""The action table against its source, and who is accountable for what."""

from __future__ import annotations

import re

import pytest

from report_builder.inputs.reference import load_reference
from report_builder.inputs.words import word_count

from .conftest import INPUTS, REPO

SOURCE = REPO / "docs" / "source" / "wsis20-action-table.txt"


def source_rows() -> list[tuple[int, str, str]]:
    rows = []
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"\| (\d+) \| (.*) \| (.*) \|", line)
        if match:
            rows.append((int(match[1]), match[2], match[3]))
    return rows


@pytest.fixture(scope="module")
def reference():
    return load_reference(INPUTS)


def test_source_has_41_rows() -> None:
    assert len(source_rows()) == 41


def test_table_matches_source_row_by_row(reference) -> None:
    actions = reference.table.actions
    assert [a.paragraph for a in actions] == [r[0] for r in source_rows()]
    for action, (paragraph, text, asked_cell) in zip(actions, source_rows(), strict=True):
        assert action.action == text, paragraph
        assert action.asked.split("; ") == cell_entries(asked_cell), paragraph


def cell_entries(cell: str) -> list[str]:
    """The entries of an "Asked Entities" cell: each starts with '- ', but a ' - ' inside
    parentheses belongs to the entry ("Global Digital Compact - 2027")."""
    entries: list[str] = []
    depth = 0
    current = ""
    for i, char in enumerate(cell):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and cell.startswith("- ", i) and (i == 0 or cell[i - 1] == " "):
            entries.append(current)
            current = ""
            continue
        current += char
    entries.append(current)
    return [e.strip().removeprefix("- ").strip() for e in entries if e.strip()]


def test_cell_entries_keep_dashes_inside_parentheses() -> None:
    assert cell_entries("- UN General Assembly (High-Level Meeting - 2027) - CSTD") == [
        "UN General Assembly (High-Level Meeting - 2027)",
        "CSTD",
    ]


def test_every_theme_has_paragraphs_and_order_follows_the_issue(reference) -> None:
    by_theme = {
        title: [a.paragraph for a in actions] for _, title, actions in reference.actions_by_theme()
    }
    assert by_theme["Bridging digital divides"] == [23, 24, 26, 28]
    assert by_theme["Internet governance"] == [98, 100, 101, 102, 103]
    assert by_theme["Review and coherence with the Global Digital Compact"] == [
        121,
        122,
        124,
        125,
        126,
        127,
    ]
    assert sum(len(v) for v in by_theme.values()) == 41


REGIONAL = ["ECA", "ECE", "ECLAC", "ESCAP", "ESCWA"]
FACILITATORS = [
    "ITU",
    "UNESCO",
    "UNDP",
    "UNCTAD",
    "UN-DESA",
    "FAO",
    "ILO",
    "UPU",
    "WHO",
    "WMO",
    "UNEP",
    "UN-Habitat",
    "ICAO",
    "WTO",
    "UNIDO",
    "ECOSOC",
    *REGIONAL,
]


ORGANS = {"UNGA", "ECOSOC", "CSTD", "UN-StatCom", "UNSG"}


@pytest.mark.parametrize(
    ("paragraph", "expected", "recorded"),
    [
        (53, {*REGIONAL, *FACILITATORS} - ORGANS, {"CSTD"}),
        (67, {"ITU"}, set()),
        (108, set(REGIONAL), set()),
        (112, set(FACILITATORS) - ORGANS, set()),
        (124, set(), {"UNSG", "ECOSOC", "CSTD"}),
        (23, set(), set()),
        (103, set(), {"UNSG"}),
        (110, {"ITU", "UNESCO", "UNDP", "UNCTAD"}, set()),
        (125, set(), {"UNGA"}),
    ],
)
def test_accountable_entities(
    reference, paragraph: int, expected: set[str], recorded: set[str]
) -> None:
    """Organizations are chased; organs are recorded by the Secretariat, never chased."""
    assert set(reference.accountable[paragraph]) == expected
    assert set(reference.recorded[paragraph]) == recorded


def test_organs_are_their_own_kind(reference) -> None:
    kinds = {e.id: e.kind for e in reference.registry.entities.values()}
    assert {e for e, kind in kinds.items() if kind == "organ"} == ORGANS


def test_wsis_forum_is_a_group_of_its_co_organizers(reference) -> None:
    forum = reference.registry.entities["WSIS-Forum"]
    assert forum.kind == "group"
    assert reference.registry.expand("WSIS-Forum") == ["ITU", "UNESCO", "UNDP", "UNCTAD"]


@pytest.mark.parametrize(
    ("entity_id", "paragraph", "role"),
    [
        ("ITU", 67, "lead"),
        ("OHCHR", 112, "partner"),
        ("UN-DESA", 103, "partner"),
        ("ITU", 23, "constituency"),  # All stakeholders
        ("UN-DESA", 116, "constituency"),  # UN entities
        ("partnership-ict4d", 23, "constituency"),  # everyone is a stakeholder
        ("partnership-ict4d", 117, "lead"),
        ("partnership-ict4d", 116, "voluntary"),  # not a UN entity
        ("UNCTAD", 124, "voluntary"),
    ],
)
def test_roles(reference, entity_id: str, paragraph: int, role: str) -> None:
    assert reference.role(entity_id, paragraph) == role


def test_registry_names_follow_the_source(reference) -> None:
    registry = reference.registry
    assert registry.entities["UN-DESA"].name == (
        "United Nations Department of Economic and Social Affairs"
    )
    assert (
        registry.find(
            "Department of Economic and Social Affairs of the United Nations Secretariat"
        ).id
        == "UN-DESA"
    )
    assert registry.find("Multilateral development international organizations").name == (
        "Multilateral development international organizations"
    )


def test_partners_are_credited_but_not_accountable(reference) -> None:
    assert "OHCHR" in reference.named[112] and "OHCHR" not in reference.accountable[112]
    assert "UN-DESA" in reference.named[103] and "UN-DESA" not in reference.accountable[103]


def test_required_entity_ids_exist(reference) -> None:
    required = {
        "ITU",
        "UNESCO",
        "UNDP",
        "UNCTAD",
        "UN-DESA",
        "IGF",
        "UNGIS",
        "CSTD",
        "ECOSOC",
        "UNGA",
        "UNSG",
        "IAWG-AI",
        "OHCHR",
        "UN-Women",
        *REGIONAL,
        "partnership-ict4d",
    }
    assert required <= set(reference.registry.entities)


@pytest.mark.parametrize(
    ("name", "entity_id"),
    [
        ("Internet Governance Forum", "IGF"),
        ("  un desa ", "UN-DESA"),
        ("DESA", "UN-DESA"),
        ("itu", "ITU"),
        ("CEPAL", "ECLAC"),
        ("UN Regional Commissions", "regional-commissions"),
    ],
)
def test_names_and_aliases_resolve(reference, name: str, entity_id: str) -> None:
    assert reference.registry.find(name).id == entity_id


def test_milestones(reference) -> None:
    due = {a.paragraph: [(m.by, m.recurring) for m in a.due] for a in reference.table.actions}
    assert due[67] == due[113] == due[117] == due[125] == [(2027, None)]
    assert due[122] == due[86] == [(2026, None)]
    # The eightieth session of the General Assembly closes in September 2026.
    assert due[103] == [("2026-09", None)]
    assert reference.actions[103].due[0].source
    assert due[126] == [(2030, None)]
    assert due[127] == [(2035, None)]
    assert due[98] == due[110] == [(None, "annual")]
    assert due[124] == [(None, "biennial")]


def test_every_row_has_a_title_of_at_most_eight_words(reference) -> None:
    for action in reference.table.actions:
        assert action.title, action.paragraph
        assert word_count(action.title) <= 8, action.paragraph
    assert reference.warnings == ()
