"""Which of the six official languages of the United Nations a short text is written in,
by a heuristic small enough to read: a fact (the language's code), no I/O.

- **Arabic, Chinese, Russian**: by script. When at least four letters, and more than half
  of all letters, are Arabic, Chinese (CJK ideographs) or Cyrillic, the text is in that
  language.
- **English, French, Spanish** (Latin script): by very common function words ("the",
  "of", "and"; "les", "des", "et"; "el", "los", "y"). At least four must be found, of
  any of the three languages. Then only the words of one language alone count ("la",
  "de" and "a" are shared and tell nothing): the text is in the language with the most
  of them when it has at least twice as many as any other. Otherwise the text is taken
  as English, so that a short or mixed text is never said to be in another language.

This decides only between those six: a text in German reads as unknown, and so as
English. It can be misled by an English text that is mostly a Spanish or French name
("The Comisión Económica para América Latina y el Caribe hosted …").

The names of the languages live here too, beside their codes, because the warning of
``validate`` on a highlight, raised in ``inputs``, names them as the report does.
"""

from __future__ import annotations

import re

ENGLISH = "en"

# The names of the languages, in English.
LANGUAGE_NAMES = {
    "ar": "Arabic",
    "zh": "Chinese",
    "en": "English",
    "fr": "French",
    "ru": "Russian",
    "es": "Spanish",
}

# The least evidence a decision needs: letters of a script, or function words.
MIN_EVIDENCE = 4

_SCRIPTS = {
    "ar": re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]"),
    "zh": re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"),
    "ru": re.compile("[\u0400-\u052f]"),
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FUNCTION_WORDS = {
    "en": _words(
        "the of and to in is was were for with on by that this these from its at an a are "
        "has have had which as be been it their into through will or not"
    ),
    "fr": _words(
        "le la les de des du et un une est dans pour sur par avec au aux qui que ses son sa "
        "ces ont été cette ce l d qu sont à en ou pas plus"
    ),
    "es": _words(
        "el la los las de del y un una es en para por con al se su sus como más fue ha han "
        "sobre lo que este esta estos o entre a"
    ),
}

_WORD = re.compile(r"[^\W\d_]+")


def language_of(text: str) -> str | None:
    """The code of the language ``text`` is written in ("es"), or None when the evidence
    is too thin to say; see the module's docstring for the rule."""
    letters = sum(1 for c in text if c.isalpha())
    for code, script in _SCRIPTS.items():
        count = len(script.findall(text))
        if count >= MIN_EVIDENCE and count * 2 > letters:
            return code
    words = _WORD.findall(text.casefold())
    found = [w for w in words if any(w in common for common in _FUNCTION_WORDS.values())]
    if len(found) < MIN_EVIDENCE:
        return None
    # Only the words of one language alone tell the languages apart.
    counts = {
        code: sum(
            1
            for w in found
            if w in common
            and not any(w in other for other in _FUNCTION_WORDS.values() if other is not common)
        )
        for code, common in _FUNCTION_WORDS.items()
    }
    first, second = sorted(counts.values(), reverse=True)[:2]
    if first == 0 or first < 2 * second:
        return None
    return max(counts, key=lambda code: counts[code])


def is_foreign(text: str) -> str | None:
    """The code of ``text``'s language when it is surely not English, else None."""
    code = language_of(text)
    return None if code in (None, ENGLISH) else code
