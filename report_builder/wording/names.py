"""Lists of entities as a sentence names them."""

from __future__ import annotations

from report_builder.inputs.models import Entity
from report_builder.wording.numbers import number_text

# How many short names a flag's note lists before it says "and N others"; the comment
# beside it always lists every entity in full.
NOTE_NAMES = 6


def join_names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def short_list(entities: tuple[Entity, ...]) -> str:
    """Short names, the first few then 'and N others'."""
    ids = [e.short for e in entities]
    if len(ids) > NOTE_NAMES:
        rest = len(ids) - NOTE_NAMES + 1
        return ", ".join(ids[: NOTE_NAMES - 1]) + f" and {number_text(rest)} others"
    return join_names(ids)


def full_list(entities: tuple[Entity, ...]) -> str:
    """'the International Telecommunication Union (ITU) and …'."""
    return join_names([f"the {e.name} ({e.id})" for e in entities])
