"""``new-submission``: a submission file prefilled for one entity, ready to fill in."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

from .cycle import load_earlier_if_any, submission_folder, suggest_entity
from .diagnostics import Diagnostic, InputError
from .files import folder_problem
from .models import (
    HIGHLIGHT_MAX_WORDS,
    PLACEHOLDER,
    STATUS_LABELS,
    SUMMARY_MAX_WORDS,
    Submission,
)
from .reference import Reference, load_reference
from .schema import schema_reference
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
    if found is None or not found.submits:
        why = (
            f"unknown entity '{entity}'{suggest_entity(reference.registry, entity)}"
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
    earlier = _earlier_submission(inputs, year, found.id, limits)
    text = scaffold_text(reference, found.id, year, schema_reference(target), earlier)
    reported_before = {r.paragraph for r in earlier[1].reports} if earlier else set()
    paragraphs = tuple(
        p for p, ids in reference.named.items() if found.id in ids or p in reported_before
    )
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


def _earlier_submission(
    inputs: str | Path, year: int, entity_id: str, limits: Limits
) -> tuple[int, Submission] | None:
    """The entity's submission for the latest earlier cycle, if that cycle reads."""
    earlier, _ = load_earlier_if_any(inputs, year, limits)
    if earlier is None:
        return None
    found = [s.submission for s in earlier.submissions if s.entity.id == entity_id]
    return (earlier.year, found[0]) if found else None


def scaffold_text(
    reference: Reference,
    entity_id: str,
    year: int,
    schema: str | None = None,
    earlier: tuple[int, Submission] | None = None,
) -> str:
    """The prefilled submission; ``schema`` is the ``$schema`` reference for editors.
    With the entity's ``earlier`` submission (its cycle and content), every report it
    made then comes back, with its status and summary as comments to update from.

    Every text goes in a folded block scalar (``summary: >-`` and the text on the lines
    below), where ': ', ' #', quotes and a leading -, @ or * are all plain text.
    """
    entity = reference.registry.entities[entity_id]
    statuses = " | ".join(STATUS_LABELS)
    lines = [f"# yaml-language-server: $schema={schema}", "#"] if schema else []
    lines += [
        f"# Progress submission from the {entity.name} ({entity.id}) for the {year} cycle of",
        "# the Secretary-General's report on WSIS implementation (A/RES/80/173, para. 124).",
        "#",
        "# How to fill it in:",
        f"# - Replace every {PLACEHOLDER}. Keep one report per paragraph below; where nothing has",
        "#   happened yet, say so with status not_started rather than deleting the report.",
        f"# - status: {statuses}.",
        "# - summary: plain prose as it should read in the report, "
        f"1 to {SUMMARY_MAX_WORDS} words, written",
        "#   on the indented lines under 'summary: >-', where the TODO is. There every",
        "#   character is text (# and : too) and the lines join into one paragraph; write",
        "#   '|-' instead of '>-' to keep your line breaks (a list, for instance).",
        "# - summary is published in full in the compilation of contributions. The report",
        "#   itself carries a highlight per report: the sentence or two, at most "
        f"{HIGHLIGHT_MAX_WORDS} words,",
        "#   that you would like to see in it. To give one, delete the '# ' in front of",
        "#   'highlight: >-' and of the line under it, and write your text there. Without",
        "#   one, the report quotes the first sentence of your summary.",
        "# - Optional per report: activities, indicators (name, value, unit, year), links",
        '#   (http/https), action_lines (C1-C11), sdg_targets (e.g. "9.c"), and two texts',
        "#   written like the summary:",
        "#     challenges: >-",
        "#       Funding remains limited.",
        "#     next_steps: >-",
        "#       Report to the CSTD in 2027.",
        "# - You may add reports on other paragraphs: they count as voluntary.",
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
    before = {r.paragraph: r for r in earlier[1].reports} if earlier else {}
    items: list[tuple[int | str, str, bool]] = [
        (a.paragraph, a.action, entity_id in reference.accountable[a.paragraph])
        for p, a in reference.actions.items()
        if entity_id in reference.named[p] or p in before
    ]
    if not items:
        lines.append(f"  # {entity.id} is not named in the action table: report voluntarily.")
    for paragraph, action, accountable in items or [(PLACEHOLDER, "", False)]:
        if action:
            named_as = "" if accountable else " (named as a partner)"
            if earlier and entity_id not in reference.named.get(int(paragraph), []):
                named_as = f" (you reported on it in {earlier[0]})"
            wrapped = textwrap.wrap(f"Paragraph {paragraph}{named_as}: {action}", 86)
            lines += ["", *(f"  # {w}" for w in wrapped)]
        status_note = statuses
        previous = before.get(paragraph) if isinstance(paragraph, int) else None
        if previous is not None and earlier is not None:
            lines.append(
                f"  # In {earlier[0]}: {STATUS_LABELS[previous.status].lower()}. Your "
                f"{earlier[0]} summary, to update from (not read):"
            )
            lines += [f"  #   {w}" for w in textwrap.wrap(previous.summary, 84)]
            status_note = f"in {earlier[0]}: {previous.status}; now one of {statuses}"
        lines += [
            f"  - paragraph: {paragraph}",
            f"    status: {PLACEHOLDER}  # {status_note}",
            "    summary: >-",
            f"      {PLACEHOLDER}",
            "    # highlight: >-",
            "    #   The sentence or two for the Secretary-General's report (optional).",
        ]
    return "\n".join(lines) + "\n"
