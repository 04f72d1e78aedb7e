"""The report is filled at most twice: the first fill, counted as the highlights are, tells
exactly how many words the highlights may take."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from report_builder import BuildResult, build
from report_builder.word import render

from .conftest import INPUTS, TEMPLATE, write

DAY = dt.date(2027, 3, 15)


@pytest.fixture
def fills(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The fills of the report template during a build, by the function that made each."""
    made: list[str] = []

    def counting(name: str) -> Callable[..., Any]:
        fill = getattr(render, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            made.append(name)
            return fill(*args, **kwargs)

        return counted

    for name in ("render_draft", "measure_words"):
        monkeypatch.setattr(render, name, counting(name))
    return made


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples, and a highlight in Chinese, whose words a white-space split miscounts."""
    target = tmp_path_factory.mktemp("fills") / "inputs"
    shutil.copytree(INPUTS, target)
    write(
        target / "2027" / "eca.yaml",
        """
        entity: ECA
        cycle: 2027
        submitted: 2027-02-01
        reports:
          - paragraph: 108
            status: in_progress
            summary: The regional review met.
            highlight: "信息社会世界峰会成果落实进展\\uff0c非洲区域\\u200breview of cooperation."
        """,
    )
    return target


def build_to(inputs: Path, output: Path, word_limit: int = 8500) -> BuildResult:
    return build(
        2027, inputs=inputs, template=TEMPLATE, output=output, date=DAY, word_limit=word_limit
    )


def words_with_every_highlight(inputs: Path, tmp_path: Path) -> int:
    result = build_to(inputs, tmp_path / "all.docx")
    assert result.highlights[0] == result.highlights[1]
    return result.word_count + result.reserved_words


@pytest.mark.parametrize(
    ("below", "expected"),
    [
        # Every highlight fits: one fill.
        (-1, ["render_draft"]),
        # Fewer highlights fit than were tried: the first fill measures, the second is it.
        (1, ["render_draft", "render_draft"]),
        (40, ["render_draft", "render_draft"]),
    ],
)
def test_the_report_is_filled_at_most_twice(
    fills: list[str], inputs: Path, tmp_path: Path, below: int, expected: list[str]
) -> None:
    limit = words_with_every_highlight(inputs, tmp_path) - below
    fills.clear()
    result = build_to(inputs, tmp_path / "d.docx", limit)
    assert fills == expected
    assert result.word_count + result.reserved_words <= limit
    assert result.highlights[0] > 0


def test_highlights_longer_than_the_limit_are_measured_without_them(
    fills: list[str], inputs: Path, tmp_path: Path
) -> None:
    """When the highlights alone would not fit, a fill without them measures the rest."""
    result = build_to(inputs, tmp_path / "d.docx", 2100)
    assert fills == ["measure_words", "render_draft"]
    assert result.highlights[0] == 0
