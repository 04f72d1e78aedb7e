"""``new-submission``: a submission file prefilled for one entity, ready to fill in."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

from .cycle import submission_folder
from .diagnostics import Diagnostic, InputError
from .files import folder_problem
from .models import PLACEHOLDER, STATUS_LABELS, SUMMARY_MAX_WORDS
from .reference import Reference, load_reference
from .schema import SCHEMA_PATH
from .yaml_reader import DEFAULT_LIMITS, Limits


class ScaffoldExists(Exception):
    """The target file exists; a person may have started filling it."""


@dataclass(frozen=True)
class Scaffold:
    path: Path
    entity_id: str
    paragraphs: tuple[int, ...]


def new_submission(
    entity: str, year: int, inputs: str | Path = "inputs", limits: Limits = DEFAULT_LIMITS
) -> Scaffold:
    """Write ``inputs/<year>/<id>.yaml`` for ``entity`` (an id, name or alias).

    Never overwrites: raises ScaffoldExists when the file is there already.
    """
    reference = load_reference(inputs, limits)
    found = reference.registry.find(entity)
    registry_file = str(Path(inputs) / "entities.yaml")
    if found is None or found.kind != "organization":
        why = (
            f"unknown entity '{entity}'{reference.registry.suggest(entity)}"
            if found is None
            else f"'{entity}' is a {found.kind}; only organizations submit"
        )
        raise InputError([Diagnostic(registry_file, 0, 0, "", why)])
    folder = submission_folder(inputs, year)
    # Ids are checked to be path-safe, but the file name is the one place an id meets the
    # file system, so confirm the target stays inside the cycle's folder.
    target = folder / f"{found.id.lower()}.yaml"
    # A link there, even one that leads nowhere, is a name already taken.
    if target.is_symlink():
        raise ScaffoldExists(str(target))
    if target.resolve().parent != folder.resolve():
        raise InputError([Diagnostic(registry_file, 0, 0, "", f"unsafe entity id '{found.id}'")])
    paragraphs = tuple(p for p, ids in reference.named.items() if found.id in ids)
    text = scaffold_text(reference, found.id, year)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        why = folder_problem(folder) or f"cannot create the folder: {exc.strerror}"
        raise InputError([Diagnostic(str(folder), 0, 0, "", why)]) from None
    try:
        with open(target, "x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        raise ScaffoldExists(str(target)) from None
    return Scaffold(target, found.id, paragraphs)


def scaffold_text(reference: Reference, entity_id: str, year: int) -> str:
    entity = reference.registry.entities[entity_id]
    statuses = " | ".join(STATUS_LABELS)
    named = [a for p, a in reference.actions.items() if entity_id in reference.named[p]]
    lines = [
        # The repository keeps the schema in schemas/, beside inputs/.
        f"# yaml-language-server: $schema=../../{SCHEMA_PATH}",
        "#",
        f"# Progress submission from the {entity.name} ({entity.id}) for the {year} cycle of",
        "# the Secretary-General's report on WSIS implementation (A/RES/80/173, para. 124).",
        "#",
        "# How to fill it in:",
        f"# - Replace every {PLACEHOLDER}. Keep one report per paragraph below; where nothing has",
        "#   happened yet, say so with status not_started rather than deleting the report.",
        f"# - status: {statuses}.",
        "# - summary: plain prose as it should read in the report, "
        f"1 to {SUMMARY_MAX_WORDS} words.",
        "# - Optional per report: activities, indicators (name, value, unit, year), links",
        '#   (http/https), action_lines (C1-C11), sdg_targets (e.g. "9.c"), challenges,',
        "#   next_steps. You may add reports on other paragraphs: they count as voluntary.",
        f"# - Check the file with: build-report validate {year}",
        "",
        f"entity: {entity.id}",
        f"cycle: {year}",
        f"submitted: {PLACEHOLDER}  # the date you send this file, YYYY-MM-DD",
        "# contact:",
        "#   name: ",
        "#   email: ",
        "reports:",
    ]
    items: list[tuple[int | str, str, bool]] = [
        (a.paragraph, a.action, entity_id in reference.accountable[a.paragraph]) for a in named
    ]
    if not items:
        lines.append(f"  # {entity.id} is not named in the action table: report voluntarily.")
    for paragraph, action, accountable in items or [(PLACEHOLDER, "", False)]:
        if action:
            role = "" if accountable else " (named as a partner)"
            wrapped = textwrap.wrap(f"Paragraph {paragraph}{role}: {action}", 86)
            lines += ["", *(f"  # {w}" for w in wrapped)]
        lines += [
            f"  - paragraph: {paragraph}",
            f"    status: {PLACEHOLDER}  # {statuses}",
            f"    summary: {PLACEHOLDER}",
        ]
    return "\n".join(lines) + "\n"
