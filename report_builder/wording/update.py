"""What ``update`` tells reviewers: the comments it leaves in the updated draft, and the
summary the command prints."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

# How much of a block's text a console line or a comment quotes.
EXCERPT_WORDS = 12


def excerpt(text: str) -> str:
    """The first words of ``text``, with an ellipsis where it was cut."""
    words = text.split()
    if len(words) <= EXCERPT_WORDS:
        return " ".join(words)
    return " ".join(words[:EXCERPT_WORDS]) + " …"


def source(entity: str, file: str) -> str:
    """Where a credit's text comes from: 'the submission of ITU (itu.yaml)'."""
    return f"the submission of {entity} ({file})"


def changed_under_edit(origin: str) -> str:
    where = f" in {origin}" if origin else ""
    return (
        f"The text report-builder generated here has changed{where} since the draft was "
        "built. Your edited text is kept; the new text follows as a tracked insertion. "
        "Keep what is right and reject or delete the rest."
    )


def changed_after_deletion(origin: str, text: str) -> str:
    where = f" in {origin}" if origin else ""
    return (
        f"A passage deleted from the draft near here has changed{where} since the draft was "
        f"built. It now reads: \u201c{text}\u201d It stays deleted; add it back only if "
        "it is needed."
    )


def no_longer_generated() -> str:
    return (
        "report-builder no longer generates this passage: the submissions or reference data "
        "it came from have changed. It is kept because it was edited; delete it if it no "
        "longer applies."
    )


def placed_elsewhere() -> str:
    return (
        "New text placed here because the part of the draft it belongs to has been deleted "
        "or moved. Move it to its place, or delete it."
    )


def summary(blocks: Mapping[str, Mapping[str, int]]) -> list[str]:
    """'Credits: 3 inserted, 1 replaced.' and the like, a line per kind of block."""
    if not any(n for outcomes in blocks.values() for n in outcomes.values()):
        return [
            "Nothing has changed since the draft's build: the updated draft has no tracked changes."
        ]
    return [
        f"{kind.capitalize()}: " + ", ".join(f"{n} {what}" for what, n in outcomes.items()) + "."
        for kind, outcomes in blocks.items()
        if any(outcomes.values())
    ]


def conflicts(texts: Sequence[str]) -> list[str]:
    """One line per block left in conflict, each with a comment in the draft."""
    if not texts:
        return []
    return [
        "Left in conflict (see the comments by report-builder in the updated draft):",
        *(f"  - \u201c{text}\u201d" for text in texts),
    ]


def not_a_draft(shown: str, why: str) -> str:
    return (
        f"{shown}: {why}. update needs the draft as report-builder built it, edited and saved "
        "in Word or LibreOffice as a Word document (.docx); nothing was written"
    )


def not_built(shown: str, year: int, output: str) -> str:
    return (
        f"{shown} was not built by report-builder: it has no 'report-builder build' property, "
        "by which update finds the build it came from; nothing was written. Build a new "
        f"draft with build-report build {year} {output} NEW.docx and carry the edits across "
        "by hand"
    )


def other_cycle(shown: str, cycle: str, year: int) -> str:
    return (
        f"{shown} is the draft of the {cycle} cycle, not of {year}; run build-report update "
        f"{cycle} with it, or give the {year} draft; nothing was written"
    )


def base_missing(shown: str, base: str, year: int, output: str) -> str:
    return (
        f"{base}, report-builder's copy of the build {shown} came from, is missing, so the "
        "reviewers' changes cannot be told from report-builder's; nothing was written. Build "
        f"a fresh draft to a new name with build-report build {year} {output} NEW.docx"
    )


def base_changed(shown: str, base: str, year: int, output: str) -> str:
    return (
        f"{base} does not match the build {shown} came from (it was changed after "
        "report-builder wrote it), so the reviewers' changes cannot be told from "
        "report-builder's; nothing was written. Build a fresh draft to a new name with "
        f"build-report build {year} {output} NEW.docx"
    )


def same_file(shown: str) -> str:
    return (
        f"{shown} is the reviewers' draft, which update never overwrites; give another name, "
        "or leave the option out for NAME-updated-DATE.docx beside it"
    )
