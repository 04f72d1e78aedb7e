"""The call for contributions: a questionnaire and a letter for every chased entity, and
reminders, against a cycle with partial submissions."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import Result

from .conftest import write

Cli = Callable[..., Result]
CALL = Path("outputs/2027/call")
FROM = "CSTD secretariat <wsis@example.org>"
ITU_ASKED = (53, 67, 100, 110, 111, 112, 113)


def report(paragraph: int) -> str:
    return f"  - paragraph: {paragraph}\n    status: ongoing\n    summary: Work went on.\n"


@pytest.fixture
def partial(empty_cycle: Path) -> Path:
    """ITU reported on all it is asked, ECA on one paragraph of six, UNESCO nothing; ECA's
    address is in its submission of an earlier cycle, UNESCO's in the registry."""
    inputs = empty_cycle
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


def test_call_writes_a_questionnaire_and_a_letter_for_every_chased_entity(
    cli: Cli, partial: Path
) -> None:
    args = ("call", "2027", "--deadline", "2027-01-31", "--from", FROM, "--date", "2026-11-16")
    result = cli(*args, "--inputs", str(partial))
    assert result.exit_code == 0, result.output
    assert (CALL / "eca.docx").exists() and (CALL / "itu.docx").exists()
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
    assert eca.get_content_charset() == "utf-8"
    body = eca.get_content()
    assert "send its contribution by 31 January 2027." in body
    asked, partner = body.split("where reporting is optional:")
    assert "- Paragraph 108: Continue serving as regional mechanisms" in asked
    assert "- Paragraph 67:" in partner and "- Paragraph 67:" not in asked
    assert "(eca.docx)" in body and "'build-report new-submission ECA 2027'" in body
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
    eca = letter(CALL / "eca-reminder.eml")
    assert eca["Subject"] == "Reminder: your contribution to the WSIS report 2027"
    body = eca.get_content()
    assert (
        "Thank you for the contribution received on 2 January 2027, which reports on "
        "paragraph 108." in " ".join(body.split())
    )
    missing = body.split("Still missing")[1]
    for paragraph in (53, 100, 111, 112, 113):
        assert f"- Paragraph {paragraph}:" in missing
    assert "- Paragraph 108:" not in missing and "- Paragraph 67:" not in missing
    unesco = " ".join(letter(CALL / "unesco-reminder.eml").get_content().split())
    assert "We have not yet received a contribution from you." in unesco
    assert result.stderr.endswith("reminders; the other entities have reported.\n")


def test_a_date_past_the_deadline_means_reminders(cli: Cli, partial: Path) -> None:
    result = cli(
        "call", "2027", "--deadline", "2027-01-31", "--from", FROM, "--date", "2027-02-15",
        "--inputs", str(partial),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (CALL / "eca-reminder.eml").exists()
    assert not (CALL / "eca.docx").exists()


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
