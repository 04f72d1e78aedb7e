"""What a flag says: a short note in the text, in square brackets, and a comment beside
it that tells the reviewer what to do."""

from __future__ import annotations

from report_builder.analysis.coverage import Flag, FlagKind
from report_builder.wording.dates import date_text, due_text
from report_builder.wording.labels import STATUS_WORDS
from report_builder.wording.names import full_list, join_names, short_list
from report_builder.wording.numbers import number_text

# Where this many entities or fewer are missing, a paragraph's flag names them.
NAMED = 3


def _paragraphs(numbers: tuple[int, ...]) -> str:
    word = "paragraph" if len(numbers) == 1 else "paragraphs"
    return f"{word} {join_names([str(n) for n in numbers])}"


# Entities that sent nothing, flagged once in the introduction, and paragraphs none of the
# entities asked reported on are one line of the build's summary.
MISSING = "missing: entities asked that sent no submission, and paragraphs none of them reported on"
FLAG_LABELS = {
    FlagKind.NO_SUBMISSION: MISSING,
    FlagKind.NO_REPORT: MISSING,
    FlagKind.MISSING_REPORT: "paragraphs with entities that submitted but did not report on them",
    FlagKind.TO_BE_COMPLETED: "paragraphs awaiting the Secretariat's record of an organ's action",
    FlagKind.GAP: "paragraphs with no report and no one to chase",
    FlagKind.OVERDUE: "overdue milestones",
    FlagKind.REGRESSED: "paragraphs where an entity's status went backwards since the last report",
}


def note(flag: Flag) -> str:
    """The note in the text: '[Missing: no submission from ITU, the entity asked]'."""
    paragraph = flag.paragraph
    if flag.kind is FlagKind.NO_SUBMISSION:
        names = join_names([e.short for e in flag.entities])
        if flag.asked == 1:
            who = f"{names}, the entity asked"
        else:
            who = f"{len(flag.entities)} of the {flag.asked} entities asked: {names}"
        return f"[Missing: no submission from {who}]"
    if flag.kind is FlagKind.NO_REPORT:
        names = join_names([e.short for e in flag.entities])
        if flag.asked == 1:
            return (
                f"[Missing: {names}, the entity asked, has not reported on paragraph {paragraph}]"
            )
        if flag.asked <= NAMED:
            return (
                f"[Missing: {names}, the entities asked, have not reported on paragraph "
                f"{paragraph}]"
            )
        return (
            f"[Missing: none of the {flag.asked} entities asked reported on paragraph {paragraph}]"
        )
    if flag.kind is FlagKind.MISSING_REPORT:
        return (
            f"[Missing: {short_list(flag.entities)} submitted but did not report on "
            f"paragraph {paragraph}]"
        )
    if flag.kind is FlagKind.TO_BE_COMPLETED:
        organs = join_names([f"the {e.name}" for e in flag.entities])
        return f"[To be completed by the Secretariat: action by {organs} on paragraph {paragraph}]"
    if flag.kind is FlagKind.REGRESSED:
        return (
            f"[Regressed: {short_list(flag.entities)} reported less progress on paragraph "
            f"{paragraph} than in {flag.cycle}]"
        )
    if flag.kind is FlagKind.OVERDUE:
        assert flag.milestone is not None
        event = flag.milestone.milestone.event
        return f"[Overdue: {event}, due by {due_text(flag.milestone)}, paragraph {paragraph}]"
    return f"[Gap: no entity reported on paragraph {paragraph}]"


def comment(flag: Flag) -> str:
    """The comment beside the note: every entity in full, and what the reviewer can do."""
    paragraph = flag.paragraph
    plural = len(flag.entities) > 1
    chase = (
        f"Chase {'them' if plural else 'it'} and rebuild, or resolve this comment with the reason."
    )
    if flag.kind is FlagKind.NO_SUBMISSION:
        each = "; ".join(
            f"the {e.name} ({e.id}), asked to act on {_paragraphs(asked)}"
            for e, asked in zip(flag.entities, flag.outstanding, strict=True)
        )
        return (
            f"Missing: {number_text(len(flag.entities))} of the "
            f"{number_text(flag.asked)} entities asked to act sent no submission for "
            f"{flag.cycle}: {each}. {chase}"
        )
    if flag.kind is FlagKind.NO_REPORT:
        silent = tuple(e for e in flag.entities if e not in flag.submitted)
        if flag.asked == 1:
            return (
                f"Missing: {full_list(silent)}, the entity asked to act on paragraph "
                f"{paragraph}, has not reported on it: it sent no submission for {flag.cycle}, "
                f"as the introduction's flag says. {chase}"
            )
        parts = [f"{full_list(silent)} sent no submission for {flag.cycle}"]
        if flag.submitted:
            parts.append(f"{full_list(flag.submitted)} submitted without a report on it")
        return (
            f"Missing: none of the {number_text(flag.asked)} entities asked reported on paragraph "
            f"{paragraph}: {'; '.join(parts)}. {chase}"
        )
    if flag.kind is FlagKind.MISSING_REPORT:
        return (
            f"Missing: {full_list(flag.entities)} {'are' if plural else 'is'} asked to act on "
            f"paragraph {paragraph} and sent a submission for {flag.cycle}, but "
            f"{'their submissions have' if plural else 'its submission has'} no report on this "
            "paragraph. Ask for one, or resolve this comment with the reason."
        )
    if flag.kind is FlagKind.TO_BE_COMPLETED:
        files = join_names([f"inputs/{flag.cycle}/{e.id.lower()}.yaml" for e in flag.entities])
        return (
            f"To be completed: paragraph {paragraph} asks {full_list(flag.entities)} to act. "
            f"Organs do not send submissions: record their action in {files} (the ordinary "
            "submission format) and rebuild, or write it here and resolve this comment."
        )
    if flag.kind is FlagKind.REGRESSED:
        detail = join_names(
            [
                f"the {c.entity.name} ({c.entity.id}) from {STATUS_WORDS[c.previous or '']} to "
                f"{STATUS_WORDS[c.current or '']}"
                for c in flag.changes
            ]
        )
        return (
            f"Regressed: since the {flag.cycle} report, the status reported on paragraph "
            f"{paragraph} went backwards for {detail}. Check with the "
            f"{'entities' if plural else 'entity'}, or resolve this comment with the reason."
        )
    if flag.kind is FlagKind.OVERDUE:
        assert flag.milestone is not None
        return (
            f"Overdue: the milestone of paragraph {paragraph} "
            f"({flag.milestone.milestone.event}) fell due on {date_text(flag.milestone.date)}, "
            "and no entity that the paragraph asks to act reports it completed."
        )
    return (
        f"Gap: no contribution reports progress on paragraph {paragraph}, and no entity is "
        "individually accountable for it. Consider seeking input or noting the gap in the "
        "conclusions."
    )
