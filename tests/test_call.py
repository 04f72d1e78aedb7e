"""The call for contributions: a questionnaire and a letter for every chased entity, and
reminders, against a cycle with partial submissions."""

from __future__ import annotations

import email
import email.policy
import io
import re
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

import docx
import pytest
from click.testing import Result

from report_builder import load_reference

from .conftest import write

Cli = Callable[..., Result]
CALL = Path("outputs/2027/call")
FROM = "CSTD secretariat <wsis@example.org>"
ITU_ASKED = (53, 67, 100, 110, 111, 112, 113)
GUIDE = "https://wsis.example.org/how-to-submit"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# What a line of a letter never breaks inside.
WHOLE = (
    "Commission on Science and Technology for Development",
    "Economic and Social Council",
    "General Assembly",
    "31 January 2027",
)


def report(paragraph: int) -> str:
    return f"  - paragraph: {paragraph}\n    status: ongoing\n    summary: Work went on.\n"


@pytest.fixture
def partial(empty_cycle: Path) -> Path:
    """ITU reported on all it is asked, ECA on one paragraph of six, UNESCO nothing; ECA's
    address is in its submission of an earlier cycle, UNESCO's in the registry."""
    inputs = empty_cycle
    (inputs / "cycles.yaml").write_text(f"2027:\n  guide_url: {GUIDE}\n", encoding="utf-8")
    registry = inputs / "entities.yaml"
    registry.write_text(
        registry.read_text("utf-8").replace(
            "  - id: UNESCO\n", "  - id: UNESCO\n    email: wsis@unesco.example.org\n"
        ),
        encoding="utf-8",
    )
    write(
        inputs / "2027" / "itu.yaml",
        "entity: ITU\ncycle: 2027\nsubmitted: 2027-01-20\n"
        "contact:\n  name: A\n  email: focal@itu.example.org\nreports:\n"
        + "".join(report(p) for p in ITU_ASKED),
    )
    write(
        inputs / "2027" / "eca.yaml",
        "entity: ECA\ncycle: 2027\nsubmitted: 2027-01-02\nreports:\n" + report(108),
    )
    write(
        inputs / "2026" / "eca.yaml",
        "entity: UNECA\ncycle: 2026\nsubmitted: 2026-01-15\n"
        "contact:\n  email: old-focal@eca.example.org\nreports: []\n",
    )
    return inputs


def letter(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def body(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    text = part.get_content()
    assert isinstance(text, str)
    return text.replace("\r\n", "\n")


def check_letter(path: Path, entity_name: str) -> str:
    """What every letter and reminder holds: a draft, its text within 78 characters a line
    and broken only at spaces, and the entity's questionnaire attached. Its text."""
    raw = path.read_bytes()
    long = [line for line in raw.split(b"\r\n") if len(line) > 78]
    assert not long, (path.name, long)
    message = email.message_from_bytes(raw, policy=email.policy.strict)
    assert isinstance(message, EmailMessage)
    assert message["X-Unsent"] == "1"
    attachments = list(message.iter_attachments())
    assert len(attachments) == 1, path.name
    (attached,) = attachments
    assert attached.get_content_type() == DOCX
    year = path.parent.parent.name
    assert (
        attached.get_filename()
        == f"{path.stem.removesuffix('-reminder')}-questionnaire-{year}.docx"
    )
    document = docx.Document(io.BytesIO(attached.get_content()))
    assert f"({entity_name})" in "\n".join(p.text for p in document.paragraphs)
    text = body(message)
    assert "build-report" not in text and "report-builder" not in text
    lines = text.splitlines()
    for line in lines:
        # A line over the width holds one thing that cannot be broken: an address.
        assert len(line) <= 76 or len(line.split()) == 1, line
        assert not re.search(r"\w-$", line), line
    joined = " ".join(text.split())
    for name in (*WHOLE, *[entity_name] * (len(entity_name) <= 76)):
        assert joined.count(name) == sum(line.count(name) for line in lines), name
    return text.replace("\r\n", "\n")


def test_call_writes_a_questionnaire_and_a_letter_for_every_chased_entity(
    cli: Cli, partial: Path
) -> None:
    args = ("call", "2027", "--deadline", "2027-01-31", "--from", FROM, "--date", "2026-11-16")
    result = cli(*args, "--inputs", str(partial))
    assert result.exit_code == 0, result.output
    # One file a letter: its questionnaire travels inside it.
    letters = [p for p in CALL.iterdir() if not p.name.startswith(".")]
    assert sorted(p.suffix for p in letters) == [".eml"] * 38
    names = {e.id.lower(): e.name for e in load_reference(partial).registry.entities.values()}
    for path in letters:
        check_letter(path, names[path.stem])
    # Organs are recorded by the Secretariat, not asked.
    assert not (CALL / "cstd.eml").exists() and not (CALL / "ecosoc.eml").exists()
    assert "38 letters with questionnaires." in result.stderr
    warning = result.stderr.split("\n")[0]
    assert warning.startswith(
        f"{partial / 'entities.yaml'}: warning: no e-mail address for UNDP, UNCTAD, UN-DESA, FAO,"
    )
    unaddressed = warning.split("address for ")[1].split(":")[0].split(", ")
    assert {"ECA", "ITU", "UNESCO", "CSTD"}.isdisjoint(unaddressed) and "ECE" in unaddressed
    assert warning.endswith(
        "their letters are addressed to undisclosed-recipients:; until you add an 'email' for "
        "each in the registry, or fill in the To: line in the mail program"
    )
    eca = letter(CALL / "eca.eml")
    assert eca["From"] == FROM
    assert eca["To"] == "old-focal@eca.example.org"
    assert eca["Date"] == "Mon, 16 Nov 2026 00:00:00 +0000"
    assert eca["Subject"] == "Call for contributions: the WSIS report 2027, by 31 January 2027"
    assert eca.get_body(("plain",)).get_content_charset() == "utf-8"  # type: ignore[union-attr]
    assert eca["X-Unsent"] == "1"
    text = body(eca)
    flat = " ".join(text.split())
    assert "send its contribution by 31 January 2027." in flat
    assert (
        "The report of the Secretary-General to the General Assembly at its eighty-second "
        "session, through the Commission on Science and Technology for Development and the "
        "Economic and Social Council, will draw on the contributions" in flat
    )
    asked, partner = text.split("where reporting is optional:")
    assert "The resolution asks you to act on these paragraphs:" in asked
    assert "- Paragraph 108: Continue serving as regional mechanisms" in asked
    assert "- Paragraph 67:" in partner and "- Paragraph 67:" not in asked
    assert (
        "Please fill in the attached questionnaire (eca-questionnaire-2027.docx), a Word "
        "document, and return it to us by e-mail by 31 January 2027." in flat
    )
    assert (
        "If you prefer, you may reply with a YAML file instead, as described at:\n"
        f"{GUIDE}\n" in text
    )
    assert text.endswith(
        "With best regards,\n"
        "Secretariat of the Commission on Science and Technology for Development\n"
        "United Nations Conference on Trade and Development\n"
    )
    # A letter to a partner only reads on its own.
    iaea = " ".join(body(letter(CALL / "iaea.eml")).split())
    assert "also" not in iaea
    assert (
        "International Atomic Energy Agency (IAEA) to send its contribution by 31 January "
        "2027. The resolution names you as a partner on these paragraphs, where reporting is "
        "optional: - Paragraph 67:" in iaea
    )
    assert letter(CALL / "unesco.eml")["To"] == "wsis@unesco.example.org"
    assert letter(CALL / "itu.eml")["To"] == "focal@itu.example.org"
    assert letter(CALL / "fao.eml")["To"] == "undisclosed-recipients:;"
    # The same call gives the same bytes, Message-ID included.
    before = {p.name: p.read_bytes() for p in CALL.iterdir()}
    assert cli(*args, "--inputs", str(partial)).exit_code == 0
    assert {p.name: p.read_bytes() for p in CALL.iterdir()} == before


def test_reminders_name_what_was_received_and_what_is_missing(cli: Cli, partial: Path) -> None:
    result = cli(
        "call", "2027", "--deadline", "2027-01-31", "--from", FROM, "--date", "2027-01-25",
        "--reminders", "--inputs", str(partial),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert not (CALL / "itu-reminder.eml").exists()
    assert not (CALL / "eca.eml").exists()
    reminders = sorted(p.name for p in CALL.iterdir() if not p.name.startswith("."))
    assert all(name.endswith("-reminder.eml") for name in reminders)
    names = {e.id.lower(): e.name for e in load_reference(partial).registry.entities.values()}
    for name in reminders:
        check_letter(CALL / name, names[name.removesuffix("-reminder.eml")])
    eca = letter(CALL / "eca-reminder.eml")
    assert eca["Subject"] == "Reminder: your contribution to the WSIS report 2027"
    assert eca["X-Unsent"] == "1"
    text = body(eca)
    flat = " ".join(text.split())
    assert (
        "This is a reminder of our call for contributions to the report of the "
        "Secretary-General to the General Assembly at its eighty-second session, through the "
        "Commission on Science and Technology for Development and the Economic and Social "
        "Council, due by 31 January 2027. Thank you for the contribution received on "
        "2 January 2027, which reports on paragraph 108." in flat
    )
    assert (
        "Please fill in the attached questionnaire (eca-questionnaire-2027.docx), a Word "
        "document, and return it to us by e-mail as soon as possible." in flat
    )
    missing = text.split("Still missing")[1]
    for paragraph in (53, 100, 111, 112, 113):
        assert f"- Paragraph {paragraph}:" in missing
    assert "- Paragraph 108:" not in missing and "- Paragraph 67:" not in missing
    unesco = " ".join(body(letter(CALL / "unesco-reminder.eml")).split())
    assert "We have not yet received a contribution from you." in unesco
    assert result.stderr.endswith("reminders; the other entities have reported.\n")


def test_a_date_past_the_deadline_means_reminders(cli: Cli, partial: Path) -> None:
    result = cli(
        "call", "2027", "--deadline", "2027-01-31", "--from", FROM, "--date", "2027-02-15",
        "--inputs", str(partial),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (CALL / "eca-reminder.eml").exists()
    assert not (CALL / "eca.eml").exists()


def test_a_letter_edited_by_a_person_is_not_overwritten(cli: Cli, partial: Path) -> None:
    args = ("call", "2027", "--deadline", "2027-01-31", "--from", FROM, "--date", "2026-11-16")
    assert cli(*args, "--inputs", str(partial)).exit_code == 0
    (CALL / "eca.eml").write_text("edited", encoding="utf-8")
    result = cli(*args, "--inputs", str(partial), "--date", "2026-11-17")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {CALL / 'eca.eml'} was changed since report-builder")
    assert (CALL / "eca.eml").read_text() == "edited"


def test_call_needs_a_deadline_and_a_sender(cli: Cli, partial: Path) -> None:
    (partial / "cycles.yaml").unlink()
    result = cli("call", "2027", "--from", FROM, "--inputs", str(partial))
    assert result.exit_code == 2
    assert "Error: the call for contributions needs a deadline: pass --deadline" in result.output
    result = cli("call", "2027", "--deadline", "2027-01-31", "--inputs", str(partial))
    assert result.exit_code == 2
    assert "Missing option '--from'" in result.output


def test_the_sender_must_be_an_address(cli: Cli, partial: Path) -> None:
    result = cli(
        "call", "2027", "--deadline", "2027-01-31", "--from", "CSTD", "--inputs", str(partial)
    )
    assert result.exit_code == 2
    assert result.output.endswith(
        "Error: Invalid value for '--from': 'CSTD' is not an e-mail address; write it as "
        "wsis@example.org or as 'CSTD secretariat <wsis@example.org>'\n"
    )
    assert not CALL.exists()


def test_an_address_may_carry_a_name(cli: Cli, partial: Path) -> None:
    registry = partial / "entities.yaml"
    registry.write_text(
        registry.read_text("utf-8").replace(
            "  - id: FAO\n", "  - id: FAO\n    email: FAO focal point <wsis@fao.example.org>\n"
        ),
        encoding="utf-8",
    )
    args = ("call", "2027", "--deadline", "2027-01-31", "--from", FROM, "--date", "2026-11-16")
    assert cli(*args, "--inputs", str(partial)).exit_code == 0
    assert letter(CALL / "fao.eml")["To"] == "FAO focal point <wsis@fao.example.org>"


def test_an_address_in_another_form_shows_both_accepted_forms(cli: Cli, partial: Path) -> None:
    registry = partial / "entities.yaml"
    registry.write_text(
        registry.read_text("utf-8").replace(
            "  - id: FAO\n", "  - id: FAO\n    email: FAO focal point, wsis at fao\n"
        ),
        encoding="utf-8",
    )
    result = cli(
        "call", "2027", "--deadline", "2027-01-31", "--from", FROM, "--inputs", str(partial)
    )
    assert result.exit_code == 1
    assert (
        "email: 'FAO focal point, wsis at fao' is not an e-mail address; write it as "
        "focal@example.org or as 'Name <focal@example.org>'" in result.stderr
    )


def test_a_reminder_attaches_the_questionnaire_prefilled_with_what_was_sent(
    cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    """ITU's sample leaves paragraphs outstanding: its reminder's questionnaire holds what
    it sent, and comes back, imported unchanged, as the same submission."""
    from report_builder import load_cycle
    from report_builder.documents.importing import import_questionnaires

    sent = {s.entity.id: s.submission for s in load_cycle(inputs, 2027).submissions}["ITU"]
    result = cli(
        "call", "2027", "--deadline", "2027-01-31", "--from", FROM, "--date", "2027-02-10",
        "--reminders", "--inputs", str(inputs),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    message = letter(CALL / "itu-reminder.eml")
    (part,) = [p for p in message.iter_attachments()]
    returned = tmp_path / "itu-returned.docx"
    returned.write_bytes(part.get_content())
    before = (inputs / "2027" / "itu.yaml").read_bytes()
    imported = import_questionnaires([returned], inputs, force=True)
    assert [i.target.name for i in imported.imported] == ["itu.yaml"]
    # The file was written anew from the questionnaire.
    assert (inputs / "2027" / "itu.yaml").read_bytes() != before
    back = {s.entity.id: s.submission for s in load_cycle(inputs, 2027).submissions}["ITU"]
    assert back.model_dump() == sent.model_dump()
