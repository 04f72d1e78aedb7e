"""Hostile input and faults: each bad file gets a precise error, nothing is written, and
nothing already written is damaged."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import tracemalloc
from pathlib import Path

import docx
import pytest

from report_builder import InputError, build, load_cycle
from report_builder.inputs.yaml_reader import Limits, read_yaml
from report_builder.outputs.atomic import LOCK, locked
from report_builder.outputs.write import write_outputs

from .conftest import INPUTS, SPECIAL, TEMPLATE, VALID_SUBMISSION, to_pdf, write
from .test_draft import full_text
from .test_hostile_outputs import FIRST, SECOND, refused

DAY = dt.date(2027, 3, 15)


def cli_errors(cli, inputs: Path, name: str, raw: bytes) -> list[str]:
    """Run validate and build on the cycle with one more file; both must fail cleanly."""
    (inputs / "2027" / name).write_bytes(raw)
    validate = cli("validate", "2027", "--inputs", str(inputs))
    built = cli("build", "2027", "--inputs", str(inputs), "--date", "2027-03-15")
    for result in (validate, built):
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
    assert not Path("outputs").exists(), "nothing may be written"
    return [line for line in validate.stderr.splitlines() if name in line]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            b"entity: ITU\n  cycle: 2027\n",
            ":2:8: YAML syntax error: mapping values are not allowed in this context",
        ),
        (
            b"entity: 'ITU\ncycle: 2027\n",
            ":3:1: YAML syntax error: while scanning a quoted scalar: found unexpected end of stream",
        ),
        (
            b"entity: ITU\nreports:\n\t- paragraph: 67\n",
            ":3:1: line 3 starts with a tab; indent with ordinary spaces",
        ),
        (b"entity: IT\xe9\n", ":1:11: byte 0xe9 at offset 10 is not UTF-8; save the file as UTF-8"),
        (b"", ":1:1: the file is empty; it must hold a mapping of keys"),
        (b"# only a comment\n", ":1:1: the file is empty; it must hold a mapping of keys"),
        (
            b"- entity: ITU\n",
            ":1:1: the top level is a list; it must be a mapping of keys (key: value)",
        ),
        (
            b"just words\n",
            ":1:1: the top level is a single value; it must be a mapping of keys (key: value)",
        ),
        (
            b"entity: ITU\n---\nentity: UNDP\n",
            ":2:1: a second YAML document ('---') in the same file; keep one submission per file",
        ),
        (
            b"entity: ITU\nentity: UNDP\n",
            ":2:1: duplicate key 'entity' (first given on line 1); keep one, or the other is lost",
        ),
        (
            b"entity: !!python/object/apply:os.system ['true']\n",
            ":1:9: YAML tags such as 'tag:yaml.org,2002:python/object/apply:os.system' are not accepted; remove the tag",
        ),
        (
            b"entity: !!binary SVRV\n",
            ":1:9: YAML tags such as 'tag:yaml.org,2002:binary' are not accepted; remove the tag",
        ),
        (b"entity: !org ITU\n", ":1:9: YAML tags such as '!org' are not accepted; remove the tag"),
        (
            b"x: &a ITU\nentity: *a\n",
            ":2:9: YAML aliases (*a) are not accepted; write the value out in full",
        ),
        (
            b'entity: "IT\\aU"\n',
            ":1:9: the text contains U+0007, a control character that a Word document cannot hold; remove the escape",
        ),
        (
            b'entity: "IT\\fU"\n',
            ":1:9: the text contains U+000C, a control character that a Word document cannot hold; remove the escape",
        ),
        (
            b'entity: "IT\\vU"\n',
            ":1:9: the text contains U+000B, a control character that a Word document cannot hold; remove the escape",
        ),
        (
            b'entity: "IT\\uFFFEU"\n',
            ":1:9: the text contains U+FFFE, a control character that a Word document cannot hold; remove the escape",
        ),
        (
            b"entity: IT\x01U\n",
            ":1:11: character U+0001 is a control character that a Word document cannot hold; delete it",
        ),
        (
            "entity: IT\uffffU\n".encode(),
            ":1:11: character U+FFFF is a control character that a Word document cannot hold; delete it",
        ),
        (
            b'entity: "\\ud800"\n',
            ":1:12: YAML syntax error: while parsing a quoted scalar: found invalid Unicode character escape code",
        ),
    ],
    ids=[
        "bad-indentation",
        "unclosed-quote",
        "tab-indentation",
        "not-utf8",
        "empty",
        "comment-only",
        "top-level-list",
        "top-level-scalar",
        "two-documents",
        "duplicate-key",
        "python-tag",
        "binary-tag",
        "custom-tag",
        "alias",
        "bell-escape",
        "form-feed-escape",
        "vertical-tab-escape",
        "fffe-escape",
        "raw-control",
        "raw-ffff",
        "lone-surrogate",
    ],
)
def test_bad_files_get_a_precise_error(cli, empty_cycle: Path, raw: bytes, expected: str) -> None:
    lines = cli_errors(cli, empty_cycle, "bad.yaml", raw)
    assert lines, "the file must be named in the errors"
    assert lines[0].startswith(f"{empty_cycle}/2027/bad.yaml{expected}"), lines


def test_billion_laughs_is_refused_with_bounded_memory(empty_cycle: Path) -> None:
    levels = ['lol0: &lol0 "lol"']
    for i in range(1, 10):
        refs = ", ".join(f"*lol{i - 1}" for _ in range(10))
        levels.append(f"lol{i}: &lol{i} [{refs}]")
    raw = ("\n".join(levels) + "\nentity: *lol9\n").encode()
    # Memory, not time, shows the aliases were never expanded (a billion strings): it does
    # not depend on how busy the machine is.
    tracemalloc.start()
    doc = read_yaml(raw, "bomb.yaml")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert doc.problems and "aliases" in doc.problems[0].message
    assert peak < 5_000_000
    (empty_cycle / "2027" / "bomb.yaml").write_bytes(raw)
    with pytest.raises(InputError):
        load_cycle(empty_cycle, 2027)


def test_a_huge_number_is_an_error_not_a_crash(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION + f"    indicators: [{{name: Big, value: {'9' * 400}e9}}]\n"
    write(empty_cycle / "2027" / "itu.yaml", text)
    with pytest.raises(InputError) as caught:
        load_cycle(empty_cycle, 2027)
    assert "paragraph 67, indicators 1, value:" in str(caught.value)


def test_problems_beyond_the_cap_are_counted(tmp_path: Path) -> None:
    raw = b"".join(b"k: %d\n" % i for i in range(60))
    problems = [str(d) for d in read_yaml(raw, "many.yaml").problems]
    assert len(problems) == 51
    assert problems[-1] == "many.yaml: 9 more problems in this file not shown; fix these first"


def test_size_limit_is_checked_before_parsing(empty_cycle: Path) -> None:
    raw = b"entity: [" + b"x" * (1024 * 1024)
    doc = read_yaml(raw, "big.yaml")
    assert [str(d) for d in doc.problems] == [
        "big.yaml: the file is 1,048,585 bytes, over the limit of 1,048,576; shorten the "
        "summaries or split the material"
    ]
    assert read_yaml(b"a: 1\n" * 30, "small.yaml", Limits(max_bytes=100)).problems


def test_deep_nesting_is_a_clear_error() -> None:
    raw = b"entity: " + b"[" * 30 + b"]" * 30 + b"\n"
    assert [str(d) for d in read_yaml(raw, "deep.yaml").problems] == [
        "deep.yaml:1:28: nesting deeper than 20 levels; a submission never needs this"
    ]
    very = b"entity: " + b"[" * 200_000
    problems = read_yaml(very, "deeper.yaml").problems
    assert len(problems) == 1 and "deep.yaml" not in problems[0].message


def test_extremely_long_string_is_a_clear_error() -> None:
    raw = b"entity: " + b"x" * 50_000 + b"\n"
    assert [str(d) for d in read_yaml(raw, "long.yaml").problems] == [
        "long.yaml:1:9: a value of 50,000 characters, over the limit of 20,000; shorten it"
    ]


def test_symlink_outside_the_folder_is_skipped_with_a_note(
    empty_cycle: Path, tmp_path: Path
) -> None:
    outside = write(tmp_path / "elsewhere.yaml", VALID_SUBMISSION)
    (empty_cycle / "2027" / "itu.yaml").symlink_to(outside)
    cycle = load_cycle(empty_cycle, 2027)
    assert cycle.submissions == ()
    assert [str(w) for w in cycle.warnings] == [
        f"{empty_cycle}/2027/itu.yaml: warning: skipped: a symbolic link to a file outside "
        "this folder"
    ]


@pytest.mark.parametrize("text", SPECIAL)
def test_text_comes_through_verbatim_in_the_compilation(special_draft: Path, text: str) -> None:
    assert text in full_text(docx.Document(str(special_draft.with_name("d-contributions.docx"))))


def test_text_comes_through_verbatim_in_a_pdf(special_draft: Path, tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed: apt-get install poppler-utils")
    pdf = to_pdf(special_draft.with_name("d-contributions.docx"), tmp_path)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # Lines may break anywhere, so compare without white space.
    flat = "".join(text.split())
    for fragment in (
        "Tom & Jerry <b>bold</b> 'single' \"double\" {{ x }} {% if %} ]]>",
        "{_{ docxtpl's own escapes }_} {_% and %_}",
        "信息社会世界峰会成果落实进展",
        "Прогресс в осуществлении решений",
        "Progrès réalisés dans la mise en œuvre, « guillemets »",
        "Progresos logrados en la aplicación, ¿sí? ¡Sí!",
    ):
        assert "".join(fragment.split()) in flat, fragment
    for word in ("التقدم", "المحرز", "القمة"):
        assert word in text, word


# --- Output faults ---------------------------------------------------------------------


def read_only(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Refuse to create files in ``folder``, as a read-only folder does: root ignores
    permission bits, so the refusal is simulated where files are created."""
    real = os.open
    unnamed = getattr(os, "O_TMPFILE", 0)

    def refuse(path: object, flags: int, *args: object, **kwargs: object) -> int:
        target = Path(str(path))
        named = flags & os.O_CREAT and target.parent == folder
        if named or (unnamed and flags & unnamed == unnamed and target == folder):
            raise PermissionError(13, "Permission denied")
        return real(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)


def test_read_only_output_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    draft = tmp_path / "d.docx"
    draft.write_bytes(b"previous")
    read_only(monkeypatch, tmp_path)
    assert refused(tmp_path, {"d.docx": b"new"}, force=True) == (
        f"cannot write to {tmp_path}: Permission denied; the previous files are unchanged"
    )
    assert draft.read_bytes() == b"previous"


def disk_full_after(monkeypatch: pytest.MonkeyPatch, files: int) -> None:
    """Let os.write write ``files`` small files (one call each), then write half of the
    next and fail as a full disk does."""
    real = os.write
    calls = 0

    def write(fd: int, data: bytes) -> int:
        nonlocal calls
        calls += 1
        if calls > files:
            real(fd, data[: len(data) // 2])
            raise OSError(28, "No space left on device")
        return real(fd, data)

    monkeypatch.setattr(os, "write", write)


@pytest.mark.parametrize("files", [0, 1, 2], ids=["first-file", "second-file", "manifest"])
def test_a_full_disk_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: int
) -> None:
    write_outputs({tmp_path / name: data for name, data in FIRST.items()})
    disk_full_after(monkeypatch, files)
    assert refused(tmp_path, SECOND) == (
        f"cannot write to {tmp_path}: No space left on device; the previous files are unchanged"
    )
    assert {name: (tmp_path / name).read_bytes() for name in FIRST} == FIRST
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        "coverage.json",
        "d.docx",
    ]
    assert not list(tmp_path.glob(".report-builder-tmp-*"))


# A write killed half-way through the draft, as by a power cut or kill -9.
KILLED_WRITE = """
import os, signal, sys
from pathlib import Path
from report_builder.outputs.write import write_outputs
real = os.write
def write_half_then_die(fd, data):
    real(fd, data[: len(data) // 2])
    os.kill(os.getpid(), signal.SIGKILL)
os.write = write_half_then_die
write_outputs({Path(sys.argv[1]): b"the new draft " * 1000}, force=True)
"""


def killed_while_writing(draft: Path, before: str = "") -> None:
    """Run a write of ``draft`` (after the code ``before``) that is killed half-way."""
    proc = subprocess.run(
        [sys.executable, "-c", before + textwrap.dedent(KILLED_WRITE), str(draft)],
        capture_output=True,
        check=False,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr


def test_a_write_killed_half_way_leaves_the_previous_draft(tmp_path: Path) -> None:
    draft = tmp_path / "d.docx"
    write_outputs({draft: b"the previous draft"})
    killed_while_writing(draft)
    assert draft.read_bytes() == b"the previous draft"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".report-builder-tmp")]
    assert leftovers == [], "a killed build must leave no partial file"


def test_a_build_while_another_writes_is_refused(cli, tmp_path: Path) -> None:
    out = tmp_path / "d.docx"
    build(2027, inputs=INPUTS, template=TEMPLATE, output=out, date=DAY)
    before = out.read_bytes()
    with locked(tmp_path):
        result = cli("build", "2027", "--inputs", str(INPUTS), "--output", str(out))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"error: another build is writing to {tmp_path}; try again when it has finished"
    )
    assert out.read_bytes() == before


def test_lock_refuses_a_second_writer_cleanly(tmp_path: Path) -> None:
    with locked(tmp_path):
        message = refused(tmp_path, {"a.txt": b"x"})
    assert message == f"another build is writing to {tmp_path}; try again when it has finished"
    assert os.listdir(tmp_path) == [LOCK]
