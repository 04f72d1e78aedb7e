"""``new-submission``: a submission file prefilled for one entity, ready to fill in."""

from __future__ import annotations

import json
import os
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from report_builder.diagnostics import Diagnostic, InputError
from report_builder.files import create_exclusive, folder_problem
from report_builder.inputs.cycle import (
    DEFAULT_INPUTS,
    load_earlier_if_any,
    submission_folder,
    suggest_entity,
)
from report_builder.inputs.models import (
    HIGHLIGHT_MAX_WORDS,
    PLACEHOLDER,
    PROMPTS,
    STATUS_LABELS,
    SUMMARY_MAX_WORDS,
    Contact,
    Entity,
    Submission,
)
from report_builder.inputs.reference import ENTITY_REGISTRY, Reference, load_reference
from report_builder.inputs.schema import schema_reference
from report_builder.inputs.yaml_reader import DEFAULT_LIMITS, Limits


class ScaffoldExists(Exception):
    """The target file exists; a person may have started filling it."""


@dataclass(frozen=True)
class Scaffold:
    path: Path
    entity_id: str
    paragraphs: tuple[int, ...]


def new_submission(
    entity: str, year: int, inputs: str | Path = DEFAULT_INPUTS, limits: Limits = DEFAULT_LIMITS
) -> Scaffold:
    """Write ``inputs/<year>/<id>.yaml`` for ``entity`` (an id, name or alias).

    Never overwrites: raises ScaffoldExists when the file is there already.
    """
    reference = load_reference(inputs, limits)
    folder = submission_folder(inputs, year)
    found = submitting_entity(reference, entity, inputs)
    target = entity_file(folder, found, ".yaml", inputs)
    # A link there, even one that leads nowhere, is a name already taken.
    if target.is_symlink():
        raise ScaffoldExists(str(target))
    earlier = _earlier_submission(inputs, year, found.id, limits)
    text = scaffold_text(reference, found.id, year, schema_reference(target), earlier)
    reported_before = {r.paragraph for r in earlier[1].reports} if earlier else set()
    paragraphs = tuple(sorted({*reference.paragraphs_naming(found.id), *reported_before}))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        why = folder_problem(folder) or f"cannot create the folder: {exc.strerror}"
        raise InputError([Diagnostic(str(folder), 0, 0, "", why)]) from None
    _write_new(target, text)
    return Scaffold(target, found.id, paragraphs)


def _write_new(target: Path, text: str) -> None:
    """Write ``text`` to ``target``, which must not exist; a write that fails (a
    read-only folder, a full disk) leaves no file behind, and says why."""
    try:
        fd = create_exclusive(target)
    except FileExistsError:
        raise ScaffoldExists(str(target)) from None
    except OSError as exc:
        why = f"cannot create the file: {exc.strerror}"
        raise InputError([Diagnostic(str(target), 0, 0, "", why)]) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
    except OSError as exc:
        target.unlink(missing_ok=True)
        why = f"cannot write the file: {exc.strerror}"
        raise InputError([Diagnostic(str(target), 0, 0, "", why)]) from None


def _earlier_submission(
    inputs: str | Path, year: int, entity_id: str, limits: Limits
) -> tuple[int, Submission] | None:
    """The entity's submission for the latest earlier cycle, if that cycle reads."""
    earlier, _ = load_earlier_if_any(inputs, year, limits)
    if earlier is None:
        return None
    found = [s.submission for s in earlier.submissions if s.entity.id == entity_id]
    return (earlier.year, found[0]) if found else None


def submitting_entity(reference: Reference, entity: str, inputs: str | Path) -> Entity:
    """The organization or organ ``entity`` (an id, name or alias) stands for, or
    InputError saying why it cannot submit."""
    found = reference.registry.find(entity)
    if found is None or not found.submits:
        why = (
            f"unknown entity '{entity}'{suggest_entity(reference.registry, entity)}"
            if found is None
            else f"'{entity}' is a {found.kind}; only organizations submit"
        )
        raise InputError([Diagnostic(str(Path(inputs) / ENTITY_REGISTRY), 0, 0, "", why)])
    return found


def entity_file(folder: Path, entity: Entity, suffix: str, inputs: str | Path) -> Path:
    """``folder/<id>.<suffix>``, the lower-case id as file name; InputError when
    ``folder`` cannot be a folder (a file, or a link in a loop, holds its name)."""
    blocked = folder_problem(folder)
    if blocked:
        raise InputError([Diagnostic(str(folder), 0, 0, "", blocked)])
    target = folder / f"{entity.id.lower()}{suffix}"
    if target.is_symlink():
        # A name already taken, which the caller refuses as such; its target, maybe
        # nowhere, says nothing about the id.
        return target
    # Ids are checked to be path-safe, but the file name is the one place an id meets the
    # file system, so confirm the target stays inside the folder.
    if target.resolve().parent != folder.resolve():
        registry = str(Path(inputs) / ENTITY_REGISTRY)
        raise InputError([Diagnostic(registry, 0, 0, "", f"unsafe entity id '{entity.id}'")])
    return target


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
        "#   itself carries a highlight per report: one or two sentences, at most "
        f"{HIGHLIGHT_MAX_WORDS} words,",
        "#   that you would like to see in it, in the past tense and beginning with your",
        f"#   organization's name, for example: {entity.short} launched … To give one, delete",
        "#   the '# ' in front of 'highlight: >-' and of the line under it, and write your",
        "#   text there. Without one, the report quotes the first sentence of your summary.",
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
        *_contact_lines(earlier),
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
            *text_lines("    summary:", PLACEHOLDER),
            "    # highlight: >-",
            "    #   " + PROMPTS["scaffold.highlight"].format(entity=entity.short),
        ]
    return "\n".join(lines) + "\n"


def _contact_lines(earlier: tuple[int, Submission] | None) -> list[str]:
    """The contact of the ``earlier`` submission, to check; commented out without one."""
    contact = earlier[1].contact if earlier else None
    fields = list(Contact.model_fields)
    if earlier is None or contact is None:
        return ["# contact:", *(f"#   {name}: " for name in fields)]
    lines = [f"contact:  # your contact in {earlier[0]}: correct it if it has changed"]
    for name in fields:
        value = getattr(contact, name)
        lines += text_lines(f"  {name}:", str(value)) if value else [f"  # {name}: "]
    return lines


# What YAML reads raw as text: printable characters other than its own line breaks
# (U+0085, U+2028, U+2029 and a carriage return), which it would turn into newlines.
_NOT_RAW = re.compile(
    "[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


def text_lines(prefix: str, text: str) -> list[str]:
    """``prefix`` (a key and colon, or a list dash) followed by ``text`` as YAML reads it
    back verbatim: in a block scalar, folded (``>-``) for one line and literal (``|-``) for
    several, indented two spaces past the prefix; in double quotes with escapes where a
    block scalar cannot hold the text (leading white space, characters YAML will not
    take raw)."""
    indent = " " * (len(prefix) - len(prefix.lstrip()) + 2)
    if text and not text[0].isspace() and not _NOT_RAW.search(text):
        style = "|-" if "\n" in text else ">-"
        return [
            f"{prefix} {style}",
            *(f"{indent}{line}" if line else "" for line in text.split("\n")),
        ]
    quoted = _NOT_RAW.sub(
        lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False)
    )
    return [f"{prefix} {quoted}"]


def submission_text(submission: dict[str, Any], comments: Sequence[str]) -> str:
    """A submission (as plain values, keys in the schema's order) in the scaffold's style,
    under ``comments``: every text in a block scalar, numbers and dates as written."""
    lines = [f"# {c}" if c else "#" for c in comments]
    lines += ["", f"entity: {submission['entity']}", f"cycle: {submission['cycle']}"]
    lines.append(f"submitted: {submission['submitted']}")
    if submission.get("contact"):
        lines.append("contact:")
        for key, value in submission["contact"].items():
            lines += text_lines(f"  {key}:", value)
    lines.append("reports:")
    for report in submission["reports"]:
        # The status is one of the schema's ids, checked on import: plain, as typed in YAML.
        lines += [f"  - paragraph: {report['paragraph']}", f"    status: {report['status']}"]
        lines += _mapping_lines(report, "    ", skip=("paragraph", "status"))
    return "\n".join(lines) + "\n"


def _mapping_lines(values: dict[str, Any], indent: str, skip: Sequence[str] = ()) -> list[str]:
    lines: list[str] = []
    for key, value in values.items():
        if key in skip:
            continue
        if isinstance(value, str):
            lines += text_lines(f"{indent}{key}:", value)
        elif isinstance(value, list):
            lines.append(f"{indent}{key}:")
            for item in value:
                if isinstance(item, dict):
                    first, *rest = _mapping_lines(item, indent + "    ")
                    lines += [f"{indent}  - {first.lstrip()}", *rest]
                else:
                    lines += text_lines(f"{indent}  -", item)
        else:
            lines.append(f"{indent}{key}: {value}")
    return lines
