"""The reference data: the action table and the entity registry, validated together, and
who is accountable for which paragraph."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

from report_builder.diagnostics import (
    Diagnostic,
    InputError,
    Path_,
    Shown,
    cap_problems,
    did_you_mean,
    has_errors,
    setting,
)
from report_builder.files import FileTooLarge, NotRegularFile, read_regular
from report_builder.inputs.models import Action, ActionTableFile, Entity, EntityRegistryFile
from report_builder.inputs.validation import validate_document
from report_builder.inputs.yaml_reader import (
    DEFAULT_LIMITS,
    Limits,
    YamlDocument,
    read_yaml,
    too_big,
)

ACTION_TABLE = "action_table.yaml"
Role = Literal["lead", "partner", "constituency", "voluntary"]
# The order in which a paragraph presents its reports, and fills the report's word budget.
ROLE_ORDER: dict[Role, int] = {"lead": 0, "partner": 1, "constituency": 2, "voluntary": 3}
ENTITY_REGISTRY = "entities.yaml"


def lookup_key(name: str) -> str:
    """How names are compared: case-insensitive, surrounding and repeated spaces ignored,
    and composed (NFC) so that an accent typed as a separate mark still matches."""
    return unicodedata.normalize("NFC", " ".join(name.split()).casefold())


@dataclass(frozen=True)
class Registry:
    """The entities by id, with name and alias lookup and group expansion."""

    entities: dict[str, Entity]

    @cached_property
    def _by_name(self) -> dict[str, Entity]:
        index: dict[str, Entity] = {}
        for entity in self.entities.values():
            for name in (entity.id, entity.name, *entity.aliases):
                index.setdefault(lookup_key(name), entity)
        return index

    def find(self, name: str) -> Entity | None:
        """The entity that ``name`` (an id, full name or alias) stands for."""
        return self._by_name.get(lookup_key(name))

    @cached_property
    def _credited(self) -> dict[str, tuple[str, Entity]]:
        index: dict[str, tuple[str, Entity]] = {}
        for entity in self.entities.values():
            if entity.submits:
                for name in (entity.id, entity.short, entity.name, *entity.aliases):
                    index.setdefault(lookup_key(name), (name, entity))
        return index

    def credited(self, name: str) -> Entity | None:
        """The entity that the report may credit as ``name`` (an id, short or full name or
        alias): one that submits. An acronym counts only in its own case ("WHO", not
        "Who")."""
        found = self._credited.get(lookup_key(name))
        if found is None:
            return None
        spelt, entity = found
        acronym = not any(c.islower() for c in spelt)
        return entity if not acronym or " ".join(name.split()) == spelt else None

    def suggest(self, name: str) -> str:
        return did_you_mean(name, [e.id for e in self.entities.values()])

    def expand(self, entity_id: str) -> list[str]:
        """The entities that submit for themselves that an id stands for: itself, or a
        group's members, recursively, in registry order of first mention.

        Walked with a stack, not by recursion, so that a long chain of groups cannot
        exhaust Python's stack; each group is expanded once.
        """
        out: list[str] = []
        seen: set[str] = set()
        stack = [entity_id]
        while stack:
            current = stack.pop()
            entity = self.entities[current]
            if entity.submits and current not in out:
                out.append(current)
            elif entity.kind == "group" and current not in seen:
                seen.add(current)
                stack.extend(reversed(entity.members))
        return out

    def accountable(self, action: Action) -> list[str]:
        """Organizations that must report on ``action``: its leads, groups expanded."""
        return [e for e in self.expand_refs(action, ("lead",)) if self.entities[e].chased]

    def recorded(self, action: Action) -> list[str]:
        """Organs that ``action`` itself asks to act, whose action the Secretariat records.
        An organ reached through a group (ECOSOC among the facilitators) is credited when
        it reports but awaits no record."""
        return [
            ref.entity
            for ref in action.entities
            if ref.role == "lead" and self.entities[ref.entity].kind == "organ"
        ]

    def named(self, action: Action) -> list[str]:
        """Entities named as lead or partner, groups expanded."""
        return self.expand_refs(action, ("lead", "partner"))

    def expand_refs(self, action: Action, roles: tuple[str, ...]) -> list[str]:
        out: list[str] = []
        for ref in action.entities:
            if ref.role in roles:
                out.extend(m for m in self.expand(ref.entity) if m not in out)
        return out


@dataclass(frozen=True)
class Reference:
    """The action table and the registry, checked against each other; ``warnings`` (such
    as actions without a title) never stop a build."""

    table: ActionTableFile
    registry: Registry
    warnings: tuple[Diagnostic, ...] = ()

    @cached_property
    def actions(self) -> dict[int, Action]:
        return {a.paragraph: a for a in self.table.actions}

    @cached_property
    def accountable(self) -> dict[int, list[str]]:
        return {p: self.registry.accountable(a) for p, a in self.actions.items()}

    @cached_property
    def recorded(self) -> dict[int, list[str]]:
        return {p: self.registry.recorded(a) for p, a in self.actions.items()}

    @cached_property
    def named(self) -> dict[int, list[str]]:
        return {p: self.registry.named(a) for p, a in self.actions.items()}

    def paragraphs_naming(self, entity_id: str) -> tuple[int, ...]:
        """The paragraphs that name the entity as lead or partner, in order."""
        return tuple(p for p, ids in self.named.items() if entity_id in ids)

    @cached_property
    def _roles(self) -> dict[int, dict[str, Role]]:
        """Per paragraph, the role of every entity it names as lead or partner."""
        roles: dict[int, dict[str, Role]] = {}
        for paragraph, action in self.actions.items():
            named: dict[str, Role] = {}
            for role in ("lead", "partner"):
                for entity_id in self.registry.expand_refs(action, (role,)):
                    named.setdefault(entity_id, role)
            roles[paragraph] = named
        return roles

    def role(self, entity_id: str, paragraph: int) -> Role:
        """How ``paragraph`` names the entity: as lead, as partner, through a constituency
        it belongs to, or not at all (a report on it is voluntary)."""
        named = self._roles[paragraph].get(entity_id)
        if named is not None:
            return named
        member_of = self.registry.entities[entity_id].belongs_to
        if any(ref.entity in member_of for ref in self.actions[paragraph].entities):
            return "constituency"
        return "voluntary"

    def is_named(self, entity_id: str, paragraph: int) -> bool:
        """Whether ``paragraph`` asks the entity to act in any way: a report on a paragraph
        that does not is voluntary."""
        return self.role(entity_id, paragraph) != "voluntary"

    def actions_by_theme(self) -> Iterator[tuple[str, str, list[Action]]]:
        for theme in self.table.themes:
            yield theme.id, theme.title, [a for a in self.table.actions if a.theme == theme.id]


def read_file(path: Path, display: str, limits: Limits, *, year_keys: bool = False) -> YamlDocument:
    """The file at ``path``, read as ``read_yaml`` reads it (``year_keys`` too), shown as
    ``display`` in its problems; a file that cannot be read is one problem."""
    doc = YamlDocument(display)
    try:
        # Only a regular file, and its size checked before it is read into memory: a
        # FIFO would wait for ever and a device never end.
        raw = read_regular(path, limits.max_bytes)
    except FileTooLarge as exc:
        doc.problems.append(too_big(display, exc.size, limits))
        return doc
    except NotRegularFile as exc:
        doc.problems.append(
            Diagnostic(display, 0, 0, "", f"{exc.kind}, not a regular file; it cannot be read")
        )
        return doc
    except OSError as exc:
        doc.problems.append(Diagnostic(display, 0, 0, "", f"cannot read the file: {exc.strerror}"))
        return doc
    return read_yaml(raw, display, limits, year_keys=year_keys)


def _read_reference(path: Path, limits: Limits) -> YamlDocument:
    if path.exists():
        return read_file(path, str(path), limits)
    doc = YamlDocument(str(path))
    doc.problems.append(
        Diagnostic(
            str(path),
            0,
            0,
            "",
            f"cannot read the file: it does not exist; {setting('inputs')} must name the "
            f"folder that holds {ACTION_TABLE} and {ENTITY_REGISTRY} (now: {path.parent}; by "
            "default 'inputs' in the folder where you run the command)",
        )
    )
    return doc


def load_reference(inputs: str | Path, limits: Limits = DEFAULT_LIMITS) -> Reference:
    """Load and check ``action_table.yaml`` and ``entities.yaml`` in ``inputs``.

    Raises InputError with every problem in both files; warnings alone do not raise, and
    are kept in the result's ``warnings``.
    """
    folder = Path(inputs)
    table_doc, registry_doc = (
        _read_reference(folder / name, limits) for name in (ACTION_TABLE, ENTITY_REGISTRY)
    )
    table = validate_document(table_doc, ActionTableFile)
    registry_file = validate_document(registry_doc, EntityRegistryFile)
    registry = _check_registry(registry_doc, registry_file) if registry_file else None
    if table:
        _check_table(table_doc, table, registry)
    problems = [
        *cap_problems(table_doc.problems, table_doc.file, limits.max_errors),
        *cap_problems(registry_doc.problems, registry_doc.file, limits.max_errors),
    ]
    if has_errors(problems) or table is None or registry is None:
        raise InputError(problems)
    return Reference(table, registry, tuple(sorted(problems)))


def _check_registry(doc: YamlDocument, data: EntityRegistryFile) -> Registry | None:
    entities: dict[str, Entity] = {}
    claimed: dict[str, str] = {}
    for i, entity in enumerate(data.entities):
        if entity.id in entities:
            doc.error(("entities", i, "id"), f"duplicate entity id '{entity.id}'")
            continue
        entities[entity.id] = entity
        names: list[tuple[Path_, str]] = [(("id",), entity.id), (("name",), entity.name)]
        names += [(("aliases", j), alias) for j, alias in enumerate(entity.aliases)]
        for where, name in names:
            owner = claimed.setdefault(lookup_key(name), entity.id)
            if owner != entity.id:
                doc.error(
                    ("entities", i, *where),
                    f"'{name}' is already the id, name or alias of '{owner}'",
                )
    constituencies = [e.id for e in entities.values() if e.kind == "constituency"]
    for i, entity in enumerate(data.entities):
        for j, member in enumerate(entity.members):
            if member not in entities:
                doc.error(
                    ("entities", i, "members", j),
                    f"unknown entity '{member}'{did_you_mean(member, entities)}",
                )
            elif entities[member].kind == "constituency":
                doc.error(
                    ("entities", i, "members", j),
                    f"'{member}' is a constituency, which a group cannot hold; list "
                    "organizations, organs or groups, or name the constituency in the "
                    "action table itself",
                )
        for j, name in enumerate(entity.constituencies or []):
            if name not in constituencies:
                doc.error(
                    ("entities", i, "constituencies", j),
                    f"'{name}' is not a constituency of the registry"
                    f"{did_you_mean(name, constituencies)}",
                )
    for i, entity in enumerate(data.entities):
        cycle = _membership_cycle(entity.id, entities)
        if cycle:
            doc.error(
                ("entities", i, "members"), "groups contain each other: " + " -> ".join(cycle)
            )
    return None if doc.problems else Registry(entities)


def _membership_cycle(start: str, entities: dict[str, Entity]) -> list[str]:
    """A path from ``start`` back to itself through group membership, or []."""
    # Each member remembers the group it was reached from, so the path is rebuilt only
    # when a cycle is found: copying it at every step costs the square of a long chain.
    reached_from: dict[str, str] = {}
    stack = [start]
    while stack:
        current = stack.pop()
        entity = entities.get(current)
        for member in entity.members if entity else []:
            if member == start:
                path = [current]
                while path[-1] != start:
                    path.append(reached_from[path[-1]])
                return [*reversed(path), start]
            if member not in reached_from:
                reached_from[member] = current
                stack.append(member)
    return []


def _check_table(doc: YamlDocument, table: ActionTableFile, registry: Registry | None) -> None:
    theme_ids = [t.id for t in table.themes]
    for i, theme_id in enumerate(theme_ids):
        if theme_id in theme_ids[:i]:
            doc.error(("themes", i, "id"), f"duplicate theme id '{theme_id}'")
    previous = 0
    for i, action in enumerate(table.actions):
        if action.paragraph == previous:
            doc.error(("actions", i, "paragraph"), f"paragraph {action.paragraph} appears twice")
        elif action.paragraph < previous:
            doc.error(
                ("actions", i, "paragraph"),
                f"paragraph {action.paragraph} comes after {previous}; keep paragraphs in "
                "ascending order",
            )
        previous = max(previous, action.paragraph)
        if action.theme not in theme_ids:
            doc.error(
                ("actions", i, "theme"),
                f"unknown theme '{action.theme}'{did_you_mean(action.theme, theme_ids)}",
            )
        for j, ref in enumerate(action.entities):
            if registry is not None and ref.entity not in registry.entities:
                doc.error(
                    ("actions", i, "entities", j, "entity"),
                    f"unknown entity '{ref.entity}'{registry.suggest(ref.entity)}; "
                    "add it to entities.yaml or correct the id",
                )
    _warn_untitled(doc, table)
    if table.reporting_paragraph not in {a.paragraph for a in table.actions}:
        doc.error(
            ("reporting_paragraph",),
            f"paragraph {table.reporting_paragraph} is not in the actions",
        )


def _warn_untitled(doc: YamlDocument, table: ActionTableFile) -> None:
    """One warning per action without a title; several are also summed up in one line,
    printed instead of them unless --verbose."""
    untitled = [(i, a.paragraph) for i, a in enumerate(table.actions) if a.title is None]
    shown = Shown.VERBOSE if len(untitled) > 1 else Shown.ALWAYS
    resolution = table.resolution.removeprefix("A/RES/")
    for i, paragraph in untitled:
        doc.warn(
            ("actions", i),
            f"paragraph {paragraph} has no title: the report's heading will read "
            f"\"Paragraph {paragraph} (resolution {resolution})\"; add 'title:' with a short "
            f"title of at most eight words",
            subject=f"actions[{i}]",
            shown=shown,
        )
    if len(untitled) > 1:
        doc.warn(
            ("actions", untitled[0][0]),
            f"{len(untitled)} paragraphs have no title, so their headings in the report read "
            f"\"Paragraph {untitled[0][1]} (resolution {resolution})\" and so on; add 'title:' "
            f"with a short title of at most eight words to each ({setting('verbose')} lists "
            "each)",
            subject="actions",
            shown=Shown.SUMMARY,
        )
