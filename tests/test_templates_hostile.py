"""Hostile templates: tags that lose or inject text, risky parts, and templates that
would run for ever. Each is refused with a message naming the template, exit 1, and
nothing is written."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import docx
import pytest

from report_builder import BuildError, build

from .conftest import INPUTS, TEMPLATE
from .test_draft import broken_template as with_paragraph
from .test_draft import full_text


def with_parts(tmp_path: Path, edit: dict[str, bytes | None]) -> Path:
    """The default template with parts replaced, added, or (None) removed."""
    template = tmp_path / "t.docx"
    with zipfile.ZipFile(TEMPLATE) as source, zipfile.ZipFile(template, "w") as out:
        for info in source.infolist():
            if info.filename not in edit:
                out.writestr(info, source.read(info))
        for name, data in edit.items():
            if data is not None:
                out.writestr(name, data)
    return template


def part(name: str) -> str:
    with zipfile.ZipFile(TEMPLATE) as package:
        return package.read(name).decode()


def refused(cli, template: Path) -> str:
    result = cli(
        "build",
        "2027",
        "--inputs",
        str(INPUTS),
        "--template",
        str(template),
        "--date",
        "2027-03-15",
    )
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert not Path("outputs").exists(), "nothing may be written"
    assert str(template) in result.stderr
    return result.stderr


# --- Tags that lose or inject text ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "{{r symbol }}",
            "the tag '{{r' inserts raw XML, so text printed there is lost; write '{{ ' without the 'r'",
        ),
        ("{{p symbol }}", "the tag '{{p' inserts raw XML"),
        ("{{tr symbol }}", "the tag '{{tr' inserts raw XML"),
        ("{{tc symbol }}", "the tag '{{tc' inserts raw XML"),
        (
            "{%r if symbol %}x{%r endif %}",
            "the tag '{%r' inserts raw XML, so text printed there is lost; write '{% ' without the 'r'",
        ),
        ("{{ symbol|safe }}", "the filter '|safe' is not allowed"),
        ("{{ symbol | safe }}", "the filter '|safe' is not allowed"),
        ("{% filter safe %}{{ symbol }}{% endfilter %}", "the filter '|safe' is not allowed"),
        ("{{ symbol|urlize }}", "the filter '|urlize' is not allowed"),
        ("{% filter upper %}{{ symbol }}{% endfilter %}", "'{% filter %}' blocks are not allowed"),
        ("{{ ('a & b'|e)[:3] }}", "the value 'a &' was printed into word/document.xml but"),
        ("{{ (symbol ~ ' & x'|e)[:19] }}", "the value 'A/82/xx–E/2027/xx &' was printed into"),
        ("{% autoescape false %}{{ symbol }}{% endautoescape %}", "'{% autoescape %}'"),
        ("{% include 'x.xml' %}", "'{% include %}' is not allowed"),
        ("{% import 'x.xml' as x %}", "'{% import %}' is not allowed"),
        ("{% from 'x.xml' import y %}", "'{% import %}' is not allowed"),
        ("{% extends 'x.xml' %}", "'{% extends %}' is not allowed"),
    ],
)
def test_tags_that_lose_or_inject_text_are_refused(
    cli, tmp_path: Path, text: str, message: str
) -> None:
    assert message in refused(cli, with_paragraph(tmp_path, text))


def test_a_template_refused_once_is_refused_again(cli, tmp_path: Path) -> None:
    """Compiled templates are remembered for the next build in the same process, and
    what their compiling printed is still checked."""
    template = with_paragraph(tmp_path, "{{ ('a & b'|e)[:3] }}")
    first = refused(cli, template)
    assert "the value 'a &' was printed into word/document.xml but" in first
    assert refused(cli, template) == first


def test_a_raw_xml_tag_split_across_runs_is_still_seen(cli, tmp_path: Path) -> None:
    template = tmp_path / "t.docx"
    doc = docx.Document(str(TEMPLATE))
    paragraph = doc.add_paragraph()
    for piece in ("{{", "r sym", "bol }}"):
        paragraph.add_run(piece).bold = piece == "r sym"
    doc.save(str(template))
    assert "the tag '{{r' inserts raw XML" in refused(cli, template)


def test_a_value_printed_where_word_shows_nothing_is_refused(cli, tmp_path: Path) -> None:
    """A value printed into deleted text (w:delText) would vanish from the draft."""
    document = part("word/document.xml").replace(
        "</w:body>",
        '<w:p><w:del w:id="901" w:author="x"><w:r><w:delText>{{ symbol }}</w:delText></w:r>'
        "</w:del></w:p></w:body>",
    )
    template = with_parts(tmp_path, {"word/document.xml": document.encode()})
    err = refused(cli, template)
    assert (
        "the value 'A/82/xx–E/2027/xx' was printed into word/document.xml but is not in the "
        "rendered text; a tag sits where Word shows no text" in err
    )


def test_a_header_and_footer_value_is_checked_and_kept(tmp_path: Path) -> None:
    template = tmp_path / "t.docx"
    doc = docx.Document(str(TEMPLATE))
    doc.sections[0].header.paragraphs[0].text = "Header {{ symbol }}"
    doc.save(str(template))
    out = tmp_path / "d.docx"
    build(2027, inputs=INPUTS, template=template, output=out)
    header = docx.Document(str(out)).sections[0].header.paragraphs[0].text
    assert header == "Header A/82/xx–E/2027/xx"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("{{ {'a': '\"><x'}|xmlattr }}", ' a=""><x"'),
        ("{{ 'constant text' }}", "constant text"),
        ("{{ symbol|replace('/', '<w:br/>') }}", "A<w:br/>82<w:br/>xx–E<w:br/>2027<w:br/>xx"),
        ("{{ symbol|tojson }}", '"A/82/xx\\u2013E/2027/xx"'),
        ("{% set x %}{{ symbol }} & co{% endset %}{{ x }}", "A/82/xx–E/2027/xx & co"),
        (
            "{% macro m(v) %}[{{ v }}|{{ year }}]{% endmacro %}{{ m(symbol) }}{{ m(resolution) }}",
            "[A/82/xx–E/2027/xx|2027][80/173|2027]",
        ),
        (
            "{% macro w() %}<{{ caller() }}>{% endmacro %}{% call w() %}{{ year }}{% endcall %}",
            "<2027>",
        ),
    ],
)
def test_escaped_markup_reaches_the_draft_as_text(tmp_path: Path, text: str, shown: str) -> None:
    out = tmp_path / "d.docx"
    build(2027, inputs=INPUTS, template=with_paragraph(tmp_path, text), output=out)
    assert docx.Document(str(out)).paragraphs[-1].text == shown


def test_the_default_template_passes_every_check(tmp_path: Path) -> None:
    out = tmp_path / "d.docx"
    build(2027, inputs=INPUTS, template=TEMPLATE, output=out)
    assert "A/82/xx–E/2027/xx" in full_text(docx.Document(str(out)))


# --- Risky parts ----------------------------------------------------------------------

MACRO_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"
MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def with_relationship(tmp_path: Path, kind: str, target: str) -> Path:
    rels = part("word/_rels/document.xml.rels").replace(
        "</Relationships>",
        f'<Relationship Id="rId999" Type="{REL}/{kind}" Target="{target}" '
        'TargetMode="External"/></Relationships>',
    )
    return with_parts(tmp_path, {"word/_rels/document.xml.rels": rels.encode()})


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"},
            "part word/vbaProject.bin holds macros (VBA); the template is refused",
        ),
        (
            {"word/VBAPROJECT.BIN": b"\xd0\xcf\x11\xe0"},
            "part word/VBAPROJECT.BIN holds macros (VBA)",
        ),
        (
            {"[Content_Types].xml": part("[Content_Types].xml").replace(MAIN_TYPE, MACRO_TYPE)},
            "part word/document.xml is declared as macro content",
        ),
        (
            {
                "word/settings.xml": part("word/settings.xml").replace(
                    "</w:settings>",
                    '<w:attachedTemplate r:id="rId1"/></w:settings>',
                )
            },
            "part word/settings.xml attaches another template (attachedTemplate)",
        ),
    ],
    ids=["vba-project", "vba-upper-case", "macro-content-type", "attached-template"],
)
def test_templates_with_macros_or_attached_templates_are_refused(
    cli, tmp_path: Path, edit: dict[str, str | bytes], message: str
) -> None:
    parts = {k: v.encode() if isinstance(v, str) else v for k, v in edit.items()}
    assert message in refused(cli, with_parts(tmp_path, parts))


@pytest.mark.parametrize(
    ("kind", "target", "message"),
    [
        ("image", "http://example.org/pixel.png", "(image to 'http://example.org/pixel.png')"),
        ("hyperlink", "javascript:alert(1)", "(hyperlink to 'javascript:alert(1)')"),
        ("hyperlink", "file:///etc/passwd", "(hyperlink to 'file:///etc/passwd')"),
        ("hyperlink", "mailto:x@example.org", "(hyperlink to 'mailto:x@example.org')"),
        ("attachedTemplate", "https://example.org/t.dotm", "(attachedTemplate to"),
        ("oleObject", "\\\\server\\share\\x.xls", "(oleObject to"),
        ("subDocument", "https://example.org/s.docx", "(subDocument to"),
    ],
)
def test_external_relationships_other_than_web_links_are_refused(
    cli, tmp_path: Path, kind: str, target: str, message: str
) -> None:
    err = refused(cli, with_relationship(tmp_path, kind, target))
    assert "part word/_rels/document.xml.rels links to an outside resource" in err
    assert message in err


@pytest.mark.parametrize("target", ["https://example.org/", "HTTP://EXAMPLE.ORG/x"])
def test_web_hyperlinks_are_allowed(tmp_path: Path, target: str) -> None:
    template = with_relationship(tmp_path, "hyperlink", target)
    build(2027, inputs=INPUTS, template=template, output=tmp_path / "d.docx")


def test_a_part_that_cannot_be_unpacked_is_refused(cli, tmp_path: Path) -> None:
    """As in a questionnaire: an unknown compression method is named, not a crash."""
    template = with_parts(tmp_path, {})
    data = bytearray(template.read_bytes())
    name = b"[Content_Types].xml"
    # The compression method, in the part's local header and in the central directory.
    for at in (data.find(name) - 30 + 8, data.rfind(name) - 46 + 10):
        data[at : at + 2] = (97).to_bytes(2, "little")
    template.write_bytes(bytes(data))
    assert "not a Word document (.docx): That compression method is not supported" in refused(
        cli, template
    )


# --- Expensive templates --------------------------------------------------------------


def test_a_zip_bomb_template_is_refused_before_unpacking(cli, tmp_path: Path) -> None:
    template = tmp_path / "t.docx"
    with (
        zipfile.ZipFile(TEMPLATE) as source,
        zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in source.infolist():
            out.writestr(info, source.read(info))
        with out.open("word/media/bomb.bin", "w") as bomb:
            chunk = bytes(1024 * 1024)
            for _ in range(200):
                bomb.write(chunk)
    assert template.stat().st_size < 2_000_000
    with zipfile.ZipFile(template) as package:
        unpacked = sum(info.file_size for info in package.infolist())
    assert refused(cli, template) == (
        f"error: {template}: the template unpacks to {unpacked:,} bytes, over the limit of "
        "104,857,600\n"
    )


def test_a_template_with_too_many_parts_is_refused(cli, tmp_path: Path) -> None:
    template = with_parts(tmp_path, {f"extra/{i}.xml": b"<x/>" for i in range(1200)})
    assert "parts, over the limit of 1,000" in refused(cli, template)


def test_a_huge_template_file_is_refused_unread(cli, tmp_path: Path) -> None:
    template = tmp_path / "t.docx"
    template.write_bytes(TEMPLATE.read_bytes())
    with open(template, "r+b") as big:
        big.truncate(30 * 1024 * 1024)
    assert "bytes, over the limit of 20,971,520" in refused(cli, template)


def test_a_template_that_is_a_fifo_is_refused_without_hanging(cli, tmp_path: Path) -> None:
    template = tmp_path / "t.docx"
    os.mkfifo(template)
    assert "the template is a FIFO (named pipe), not a .docx file" in refused(cli, template)


def test_a_template_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "t.docx").mkdir()
    with pytest.raises(BuildError, match=r"the template is a folder, not a \.docx file"):
        build(2027, inputs=INPUTS, template=tmp_path / "t.docx", output=tmp_path / "d.docx")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{% for i in range(10**8) %}x{% endfor %}", "range() would produce more than 100,000"),
        (
            "{% for i in range(1000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}",
            "range() would produce more than 100,000",
        ),
        ("{{ 'x' * 10**9 }}", "repeating a value 1,000,000,000 times is over the limit"),
        ("{{ 10**9 * 'x' }}", "repeating a value 1,000,000,000 times is over the limit"),
        ("{{ [1] * 10**9 }}", "repeating a value 1,000,000,000 times is over the limit"),
        ("{{ 10 ** 100000000 }}", "a number of about 100,000,000 digits, over the limit of 4,300"),
        ("{{ year ** year ** year }}", "a number of about 6,703 digits, over the limit of 4,300"),
        ("{{ '%50000000s'|format('x') }}", "a width or count of 50,000,000 in |format, over the"),
        ("{{ lipsum(10**7) }}", "the template uses lipsum, which the build does not provide"),
        (
            "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
            "RecursionError: maximum recursion depth exceeded",
        ),
        ("{{ '%999999999999s'|format('x') }}", "a width or count of 999,999,999,999 in |format"),
        ("{{ symbol|center(999999999) }}", "a width or count of 999,999,999 in |center, over"),
        ("{{ '{:>999999999}'.format('x') }}", "a width or count of 999,999,999 in 'format'"),
        ("{{ ['x'] * 999999|join('y') }}", "TypeError: 'int' object is not iterable"),
        ("{{ 1 / 0 }}", "ZeroDivisionError: division by zero"),
        ("{{ range.__self__ }}", "access to attribute '__self__' of 'method' object is unsafe"),
    ],
)
def test_expensive_templates_stop_quickly(cli, tmp_path: Path, text: str, message: str) -> None:
    assert message in refused(cli, with_paragraph(tmp_path, text))


def test_a_template_without_content_types_is_not_a_word_document(cli, tmp_path: Path) -> None:
    template = with_parts(tmp_path, {"[Content_Types].xml": None})
    assert "a zip file, but not a Word document (.docx)" in refused(cli, template)


def test_a_template_that_is_not_valid_xml_is_refused(cli, tmp_path: Path) -> None:
    template = with_parts(tmp_path, {"word/_rels/document.xml.rels": b"<Relationships"})
    err = refused(cli, template)
    assert re.search(r"part word/_rels/document.xml.rels is not well-formed XML", err), err


def test_a_template_is_read_once(tmp_path: Path, monkeypatch) -> None:
    """The checked bytes are the bytes used: swapping the file afterwards changes nothing."""
    import report_builder.word.template_safety as safety

    template = tmp_path / "t.docx"
    template.write_bytes(TEMPLATE.read_bytes())
    real = safety.read_template

    def read_then_swap(path: Path) -> bytes:
        data = real(path)
        template.write_bytes(io.BytesIO(b"not a zip").getvalue())
        return data

    monkeypatch.setattr(safety, "read_template", read_then_swap)
    build(2027, inputs=INPUTS, template=template, output=tmp_path / "d.docx")


def test_a_zip_without_a_document_is_not_a_word_document_even_with_macros(
    cli, tmp_path: Path
) -> None:
    template = tmp_path / "t.docx"
    with zipfile.ZipFile(template, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/vbaProject.bin", b"macros")
    assert refused(cli, template) == (
        f"error: {template}: a zip file, but not a Word document (.docx)\n"
    )


# --- Bounded and reproducible ---------------------------------------------------------

# Renders each template text in a process with 2 GB of memory and 20 s of processor
# time, so that a bound that is missing fails these tests quickly instead of taking the
# machine: a process past its processor time is killed, and all of them fail at once.
RENDER_BOUNDED = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))
resource.setrlimit(resource.RLIMIT_CPU, (20, 20))
from report_builder.word.render import jinja_environment
results = {}
for text in json.load(sys.stdin):
    try:
        results[text] = jinja_environment().from_string(text).render(year=2027)
    except Exception as exc:
        results[text] = f"refused: {exc}"
print(json.dumps(results))
"""

LIMIT = "a value of more than 1,000,000 characters, over the limit; print a part of it"
NUMBER = "digits, over the limit of 4,300; a report prints no such number"
NO_TEXT = "which has no text of its own: Python shows it with a memory address, which differs"
DOUBLING = "in its own value, so that each pass can double it; give the new value a name of its own"


def wide(where: str) -> str:
    return f"a width or count of 999,999,999 in {where}, over the limit of 1,000"


UNBOUNDED = {
    # Each exponent is small; the result has 16,777,217 digits, then a billion.
    "{% set x = ((((10**64)**64)**64)**64)**64 %}": f"a number of about 262,145 {NUMBER}",
    "{{ 10**4000 * 10**4000 }}": f"a number of about 8,002 {NUMBER}",
    "{{ ([1, 2]|map('string'))|string }}": f"the template prints a generator, {NO_TEXT}",
    # Twelve doublings of a thousand characters: 4 MB; of a million, 4 GB.
    "{% set a = 'x' * 1000 %}"
    + "{% set a = a ~ a %}" * 12: f"'{{% set a = … %}}' uses a {DOUBLING}",
    "{% set a = 'x' %}{% set a = a + a %}": f"'{{% set a = … %}}' uses a {DOUBLING}",
    "{% set a %}{{ a }}{{ a }}{% endset %}": f"'{{% set a = … %}}' uses a {DOUBLING}",
    "{% set ns = namespace(a='x') %}{% set ns.a = ns.a ~ ns.a %}": f"uses ns.a {DOUBLING}",
    # Doubling under other names, which no parse can see: bounded as it runs.
    "{% set a = 'x' * 999999 %}{% set b = a ~ a %}{% set c = b ~ b %}": LIMIT,
    "{% set a = 'x' * 999999 %}{% set b = a + a %}{% set c = b + b %}": LIMIT,
    "{% set ns = namespace(a='x', b='') %}{% for i in range(40) %}{% set ns.b = ns.a ~ ns.a %}"
    "{% set ns.a = ns.b %}{% endfor %}": LIMIT,
    "{{ ['x' * 999999] * 999999 }}": LIMIT,
    "{{ (['x' * 999999] * 999999)|join }}": LIMIT,
    "{{ '-'.join(['x' * 999999] * 999999) }}": LIMIT,
    "{{ 'x'|replace('x', 'x' * 999999)|replace('x', 'x' * 999999) }}": LIMIT,
    "{{ ('x' * 999999).replace('x', 'xx') }}": LIMIT,
    "{{ ('x\\n' * 500000)|indent(1000) }}": LIMIT,
    "{{ ('\\t' * 999999).expandtabs(1000) }}": LIMIT,
    "{{ 'x'|indent(999999999) }}": wide("|indent"),
    "{{ 'x'|center(999999999) }}": wide("|center"),
    "{{ 'x y'|wordwrap(999999999) }}": wide("|wordwrap"),
    "{{ [1]|slice(999999999)|list }}": wide("|slice"),
    "{{ '%999999999s'|format('x') }}": wide("|format"),
    "{{ '%999999999s' % 'x' }}": wide("a '%' format"),
    "{{ '%.999999999f' % 1 }}": wide("a '%' format"),
    "{{ '%*s' % (999999999, 'x') }}": "a width given as '*' in a '%' format",
    "{{ '{:>999999999}'.format('x') }}": wide("'format'"),
    "{{ '{:{}}'.format('x', 999999999) }}": "a width given by a value in 'format'",
    "{{ 'x'.center(999999999) }}": wide("'center'"),
    "{{ 'x'.zfill(999999999) }}": wide("'zfill'"),
    "{{ [[1]] * 999999|sum(start=[]) }}": "|sum adds numbers; to join lists or text, use |join",
    "{{ cycler('a') }}": f"the template prints a Cycler, {NO_TEXT}",
    "{{ joiner() }}": f"the template prints a Joiner, {NO_TEXT}",
    "{{ range }}": f"the template prints a method, {NO_TEXT}",
    "{{ 'x'.upper }}": f"the template prints a builtin_function_or_method, {NO_TEXT}",
    "{{ [1, 2]|map('string') }}": f"the template prints a generator, {NO_TEXT}",
    "{{ [cycler('a')] }}": f"a Cycler, {NO_TEXT}",
    "{{ cycler('a') ~ '' }}": f"a Cycler, {NO_TEXT}",
    "{{ cycler('a')|string }}": f"a Cycler, {NO_TEXT}",
    "{{ '%s' % cycler('a') }}": f"a Cycler, {NO_TEXT}",
    "{{ '%s'|format(cycler('a')) }}": f"a Cycler, {NO_TEXT}",
    "{{ '{}'.format(cycler('a')) }}": f"a Cycler, {NO_TEXT}",
    "{{ [cycler('a')]|join }}": f"a Cycler, {NO_TEXT}",
}
# What a template does every day stays allowed.
BOUNDED = {
    "{% set c = cycler('odd', 'even') %}{{ c.next() }} {{ c.next() }}": "odd even",
    "{% set n = 2 %}{% set m = n + 1 %}{{ m }} {{ 2 ** 10 }} {{ 10 ** 4000 > 1 }}": "3 1024 True",
    "{{ '%-5s|%5.1f' % ('x', 2.5) }} {{ '{:>5}|{:.2f}'.format('x', 2.5) }}": "x    |  2.5     x|2.50",
    "{{ 'x'|center(9) }}|{{ 'a b'|wordwrap(1) }}|{{ 'a\\nb'|indent(2) }}": "    x    |a\nb|a\n  b",
    "{{ [1, 2]|map('string')|join(', ') }} {{ [1, 2]|sum }} {{ year ~ '-' ~ (year + 1) }}": (
        "1, 2 3 2027-2028"
    ),
    "{% set ns = namespace(total=0) %}{% for i in [1, 2] %}{% set ns.sum = ns.total + i %}"
    "{% endfor %}{{ ns.sum }}": "2",
    "{{ ('x' * 999999)|length }} {{ 'x' * 3 + 'y' }} {{ [0] * 3 }}": "999999 xxxy [0, 0, 0]",
}


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    if sys.platform == "win32":
        pytest.skip("resource limits are set with the resource module, which is Unix only")
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(RENDER_BOUNDED)],
        input=json.dumps([*UNBOUNDED, *BOUNDED]),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"killed or failed: {result.stderr[-2000:]}"
    results: dict[str, str] = json.loads(result.stdout)
    return results


@pytest.mark.parametrize(("text", "message"), UNBOUNDED.items(), ids=range(len(UNBOUNDED)))
def test_a_template_is_bounded_before_a_value_is_made(
    rendered: dict[str, str], text: str, message: str
) -> None:
    assert rendered[text].startswith("refused: ") and message in rendered[text], rendered[text]


@pytest.mark.parametrize(("text", "shown"), BOUNDED.items(), ids=range(len(BOUNDED)))
def test_bounded_templates_render_as_before(
    rendered: dict[str, str], text: str, shown: str
) -> None:
    assert rendered[text] == shown


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "{% set a = symbol %}{% set a = a ~ a %}{{ a }}",
            "template syntax error: '{% set a = … %}' uses a in its own value, so that each "
            "pass can double it; give the new value a name of its own (for a count, use "
            "loop.index)",
        ),
        (
            "{{ cycler('a') }}",
            "the template cannot be filled: the template prints a Cycler, which has no text "
            "of its own: Python shows it with a memory address, which differs from one build "
            "to the next; print a value instead (for a cycler, cycler.next())",
        ),
    ],
)
def test_a_refusal_names_the_template_and_the_change(
    cli, tmp_path: Path, text: str, message: str
) -> None:
    template = with_paragraph(tmp_path, text)
    assert refused(cli, template) == f"error: {template}: {message}\n"
