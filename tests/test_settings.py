"""One settings object per build: the command line makes it, the library takes it, and
each setting has one default."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from report_builder import BuildError, Settings, build

from .conftest import INPUTS

DAY = dt.date(2027, 3, 15)


def test_settings_and_keywords_build_the_same_draft(tmp_path: Path) -> None:
    by_settings = build(2027, Settings(inputs=INPUTS, output=tmp_path / "a" / "d.docx", date=DAY))
    by_keywords = build(2027, inputs=INPUTS, output=tmp_path / "b" / "d.docx", date=DAY)
    assert by_settings.draft.read_bytes() == by_keywords.draft.read_bytes()
    assert by_settings.word_limit == by_keywords.word_limit == 8500


def test_the_command_line_shows_the_settings_default(cli) -> None:
    result = cli("build", "--help")
    assert "else 8500] [x>=1]" in " ".join(result.output.split())


def test_a_date_a_docx_cannot_hold_is_refused_before_anything_is_read() -> None:
    with pytest.raises(BuildError) as refusal:
        build(2027, Settings(inputs=Path("nowhere"), date=dt.date(1979, 12, 31)))
    assert str(refusal.value) == (
        "the date 1979-12-31 is outside 1980-2107, the years a .docx file can record; give "
        "the report's date with date YYYY-MM-DD"
    )


def test_an_unknown_setting_is_refused_by_name() -> None:
    with pytest.raises(TypeError, match="word_limt"):
        build(2027, inputs=INPUTS, word_limt=100)


def test_an_earlier_cycle_without_a_folder_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(BuildError) as refusal:
        build(2027, inputs=INPUTS, previous=2019, output=tmp_path / "d.docx", date=DAY)
    assert str(refusal.value) == (
        f"previous 2019: there is no folder {INPUTS / '2019'} to compare with; give the year "
        "of an earlier cycle, or none"
    )
    assert not (tmp_path / "d.docx").exists()
