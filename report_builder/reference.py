"""The reference data: the action table and the entity registry, validated together, and
who is accountable for which paragraph."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .diagnostics import Diagnostic, InputError, Path_, cap_problems, did_you_mean
from .files import FileTooLarge, NotRegularFile, read_regular
from .models import Action, ActionTableFile, Entity, EntityRegistryFile
from .validation import validate_document
from .yaml_reader import DEFAULT_LIMITS, Limits, YamlDocument, read_yaml, too_big

ACTION_TABLE = "action_table.yaml"
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

    def suggest(self, name: str) -> str:
        return did_you_mean(name, [e.id for e in self.entities.values()])

    def expand(self, entity_id: str) -> list[str]:
        """The organizations an id stands for: itself, or a group's members, recursively.

        Walked with a stack, not by recursion, so that a long chain of groups cannot
        exhaust Python's stack; each group is expanded once.
        """
        out: list[str] = []
        seen: set[str] = set()
        stack = [entity_id]
        while stack:
            current = stack.pop()
            entity = self.entities[current]
            if entity.kind == "organization" and current not in out:
                out.append(current)
            elif entity.kind == "group" and current not in seen:
                seen.add(current)
                stack.extend(reversed(entity.members))
        return out

    def accountable(self, action: Action) -> list[str]:
        """Organizations that must report on ``action``: its leads, groups expanded."""
        return self._expand_refs(action, roles=("lead",))

    def named(self, action: Action) -> list[str]:
        """Organizations credited when they report: leads and partners."""
        return self._expand_refs(action, roles=("lead", "partner"))

    def _expand_refs(self, action: Action, roles: tuple[str, ...]) -> list[str]:
        out: list[str] = []
        for ref in action.entities:
            if ref.role in roles:
                out.extend(m for m in self.expand(ref.entity) if m not in out)
        return out


@dataclass(frozen=True)
class Reference:
    """The action table and the registry, checked against each other."""

    table: ActionTableFile
    registry: Registry

    @cached_property
    def actions(self) -> dict[int, Action]:
        return {a.paragraph: a for a in self.table.actions}

    @cached_property
    def accountable(self) -> dict[int, list[str]]:
        return {p: self.registry.accountable(a) for p, a in self.actions.items()}

    @cached_property
    def named(self) -> dict[int, list[str]]:
        return {p: self.registry.named(a) for p, a in self.actions.items()}

    def is_named(self, entity_id: str, paragraph: int) -> bool:
        """Whether ``paragraph`` names the entity (as lead or partner): a report on a
        paragraph that does not is voluntary."""
        return entity_id in self.named[paragraph]

    def actions_by_theme(self) -> Iterator[tuple[str, str, list[Action]]]:
        for theme in self.table.themes:
            yield theme.id, theme.title, [a for a in self.table.actions if a.theme == theme.id]


def read_file(path: Path, display: str, limits: Limits) -> YamlDocument:
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
    return read_yaml(raw, display, limits)


def load_reference(inputs: str | Path, limits: Limits = DEFAULT_LIMITS) -> Reference:
    """Load and check ``action_table.yaml`` and ``entities.yaml`` in ``inputs``.

    Raises InputError with every problem in both files.
    """
    folder = Path(inputs)
    table_doc = read_file(folder / ACTION_TABLE, str(folder / ACTION_TABLE), limits)
    registry_doc = read_file(folder / ENTITY_REGISTRY, str(folder / ENTITY_REGISTRY), limits)
    table = validate_document(table_doc, ActionTableFile)
    registry_file = validate_document(registry_doc, EntityRegistryFile)
    registry = _check_registry(registry_doc, registry_file) if registry_file else None
    if table:
        _check_table(table_doc, table, registry)
    problems = [
        *cap_problems(table_doc.problems, table_doc.file, limits.max_errors),
        *cap_problems(registry_doc.problems, registry_doc.file, limits.max_errors),
    ]
    if problems or table is None or registry is None:
        raise InputError(problems)
    return Reference(table, registry)


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
    for i, entity in enumerate(data.entities):
        for j, member in enumerate(entity.members):
            if member not in entities:
                doc.error(
                    ("entities", i, "members", j),
                    f"unknown entity '{member}'{did_you_mean(member, entities)}",
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
    if table.reporting_paragraph not in {a.paragraph for a in table.actions}:
        doc.error(
            ("reporting_paragraph",),
            f"paragraph {table.reporting_paragraph} is not in the actions",
        )
