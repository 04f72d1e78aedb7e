"""Hostile addresses: an address is read as a mail program reads it, where it is
read (a submission, the registry, --from, an earlier cycle's file); every letter written is
valid mail to exactly the intended address; one bad address never stops the other
letters."""

from __future__ import annotations

import email.policy
from collections.abc import Callable
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import Result

from report_builder import load_reference
from report_builder.documents import letters

from . import test_call
from .conftest import write
from .test_call import CALL, FROM, check_letter, report

Cli = Callable[..., Result]
# The cycle the call's tests use: ITU, ECA and UNESCO, ECA's address from 2026.
partial = test_call.partial
CALL_ARGS = ("call", "2027", "--deadline", "2027-01-31", "--date", "2026-11-16")
REMINDERS = ("call", "2027", "--deadline", "2027-01-31", "--date", "2027-01-25", "--reminders")

# Each holds, once read as a header, a line break or another character that is not text:
# a mail program would see more header lines (a Bcc:, say) or a broken one.
BROKEN = {
    "encoded CR LF": "=?utf-8?q?x=0D=0ABcc:_evil@attacker.example?= <focal@example.org>",
    "encoded LF": "=?utf-8?b?eApCY2M6IGV2aWxAYXR0YWNrZXIuZXhhbXBsZQ==?= <focal@example.org>",
    "encoded U+2028": "=?utf-8?q?x=E2=80=A8Bcc:_evil@attacker.example?= <focal@example.org>",
    "U+2028": "x\u2028Bcc: evil@attacker.example <focal@example.org>",
    "U+0085": "x\x85Bcc: evil@attacker.example <focal@example.org>",
    "vertical tab": "x\x0bBcc: evil@attacker.example <focal@example.org>",
    "escape": "x\x1b[2J <focal@example.org>",
    "encoded NUL": "=?utf-8?q?x=00y?= <focal@example.org>",
}
LINE_BREAK = "holds a line break or another invisible character"


def refusal(address: str) -> str:
    """How ``address`` is refused: a control character by the YAML reader, which refuses
    it in any text, the rest as addresses."""
    control = next((c for c in address if ord(c) < 32 or ord(c) == 127), None)
    if control is not None:
        return (
            f"the text contains U+{ord(control):04X}, a control character that a Word "
            "document cannot hold; remove the escape"
        )
    encoded = ", perhaps in an encoded name (=?...?=)" * ("=?" in address)
    return (
        f"{LINE_BREAK}{encoded}, which would add lines to the letter; write it as "
        "focal@example.org or as 'Name <focal@example.org>', on one line"
    )


def yaml_string(text: str) -> str:
    """``text`` as a double-quoted YAML scalar, every character outside printable ASCII
    escaped as YAML reads it back."""
    escaped = "".join(c if " " <= c <= "~" and c not in '"\\' else f"\\U{ord(c):08x}" for c in text)
    return f'"{escaped}"'


def letter(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.strict)
    assert isinstance(message, EmailMessage)
    return message


def check_headers(path: Path, sender: Address, to: Address | None) -> None:
    """The letter at ``path`` read as strictly as the email package can: from ``sender``,
    to ``to`` alone (or to no one named), no other recipient, no line over 998 octets."""
    raw = path.read_bytes()
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998, path.name
    message = letter(path)
    assert message["From"].addresses == (sender,)
    assert message["To"].addresses == ((to,) if to else ())
    for name in ("Cc", "Bcc", "Reply-To", "Sender", "Resent-To", "Resent-Bcc"):
        assert name not in message, (path.name, name)
    assert len(message.get_all("To", [])) == len(message.get_all("From", [])) == 1


def written_letters() -> list[Path]:
    return sorted(p for p in CALL.iterdir() if p.suffix == ".eml")


def set_registry_email(inputs: Path, entity: str, address: str) -> None:
    registry = inputs / "entities.yaml"
    registry.write_text(
        registry.read_text("utf-8").replace(
            f"  - id: {entity}\n", f"  - id: {entity}\n    email: {yaml_string(address)}\n"
        ),
        encoding="utf-8",
    )


def submission_with_contact(
    inputs: Path, year: int, address: str, name: str = "eca.yaml", day: str = "01-02"
) -> Path:
    return write(
        inputs / str(year) / name,
        f"entity: ECA\ncycle: {year}\nsubmitted: {year}-{day}\n"
        f"contact:\n  email: {yaml_string(address)}\nreports:\n" + report(108),
    )


# --- Class 3: where an address is read ------------------------------------------------


@pytest.mark.parametrize("address", BROKEN.values(), ids=BROKEN.keys())
def test_validate_refuses_a_contact_that_would_add_header_lines(
    cli: Cli, partial: Path, address: str
) -> None:
    path = submission_with_contact(partial, 2027, address)
    result = cli("validate", "2027", "--inputs", str(partial))
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output
    (line,) = [line for line in result.stderr.splitlines() if line.startswith(f"{path}:5:10: ")]
    assert line.endswith(refusal(address)), line


@pytest.mark.parametrize(
    "address",
    ["Doe, Jane <jane@eca.example.org>", "Bcc: Jane <jane@eca.example.org>"],
    ids=["comma", "colon"],
)
def test_validate_refuses_a_contact_a_mail_program_reads_as_more(
    cli: Cli, partial: Path, address: str
) -> None:
    """A name with a comma or a colon, unquoted, is two addresses or a group to a mail
    program."""
    path = submission_with_contact(partial, 2027, address)
    result = cli("validate", "2027", "--inputs", str(partial))
    assert result.exit_code == 1, result.output
    comma = " (a name with a comma goes in double quotes: '\"Name, Office\" <focal@example.org>')"
    assert (
        f"{path}:5:10: contact.email: '{address}' is not an e-mail address; write it as "
        f"focal@example.org or as 'Name <focal@example.org>'{comma * (',' in address)}\n"
        in result.stderr
    )


@pytest.mark.parametrize("address", BROKEN.values(), ids=BROKEN.keys())
def test_the_registry_is_refused_with_a_positioned_error(
    cli: Cli, partial: Path, address: str
) -> None:
    set_registry_email(partial, "FAO", address)
    result = cli(*REMINDERS, "--from", FROM, "--inputs", str(partial))
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output
    assert f"{partial / 'entities.yaml'}:" in result.stderr
    assert refusal(address) in result.stderr
    assert not CALL.exists()


@pytest.mark.parametrize("reminders", [False, True], ids=["call", "reminders"])
def test_a_bad_address_in_an_earlier_cycle_is_passed_over_with_a_warning(
    cli: Cli, partial: Path, reminders: bool
) -> None:
    """ECA's address is in its 2026 file; a later file with a broken one is passed over,
    and every letter is written."""
    submission_with_contact(partial, 2026, BROKEN["encoded CR LF"], "eca-update.yaml", "06-30")
    args = REMINDERS if reminders else CALL_ARGS
    result = cli(*args, "--from", FROM, "--inputs", str(partial))
    assert result.exit_code == 0, result.output
    assert (
        f"{partial / '2026' / 'eca-update.yaml'}: warning: contact.email: "
        f"'{BROKEN['encoded CR LF']}' {LINE_BREAK}" in result.stderr
    )
    assert "The letter to ECA is written without it" in result.stderr
    eca = CALL / ("eca-reminder.eml" if reminders else "eca.eml")
    sender = Address("CSTD secretariat", "wsis", "example.org")
    check_headers(eca, sender, Address("", "old-focal", "eca.example.org"))
    assert len(written_letters()) == (23 if reminders else 38)


def test_a_letter_that_cannot_be_written_is_left_out_and_named(
    cli: Cli, partial: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An address that reaches the letters unchecked (from a registry read some other way)
    costs its own letter only."""
    read = letters.load_reference

    def unchecked(inputs: Path) -> object:
        reference = read(inputs)
        fao = reference.registry.entities["FAO"]
        reference.registry.entities["FAO"] = fao.model_copy(
            update={"email": BROKEN["encoded CR LF"]}
        )
        return reference

    monkeypatch.setattr(letters, "load_reference", unchecked)
    result = cli(*CALL_ARGS, "--from", FROM, "--inputs", str(partial))
    assert result.exit_code == 0, result.output
    assert (
        f"{CALL / 'fao.eml'}: warning: no letter for FAO (Food and Agriculture Organization "
        f"of the United Nations): '{BROKEN['encoded CR LF']}' {LINE_BREAK}" in result.stderr
    )
    assert result.stderr.rstrip().endswith("37 letters with questionnaires.")
    assert not (CALL / "fao.eml").exists()
    assert len(written_letters()) == 37


# --- Class 9: letters are valid mail to exactly the intended address -------------------

# Valid, if unusual: each is written as its parsed form, its domain in IDNA.
UNUSUAL = {
    "UNESCO": ("wsis@unesco.example.org", Address("", "wsis", "unesco.example.org")),
    "FAO": (
        '"Doe, Jane" <jane@fao.example.org>',
        Address("Doe, Jane", "jane", "fao.example.org"),
    ),
    "IAEA": (
        "Agência Focal <focal@exämple.org>",
        Address("Agência Focal", "focal", "xn--exmple-cua.org"),
    ),
    "UNDP": (
        "Focal point " * 50 + "<focal@undp.example.org>",
        Address(("Focal point " * 50).strip(), "focal", "undp.example.org"),
    ),
    "UNCTAD": (
        "=?utf-8?q?Caf=C3=A9?= <cafe@unctad.example.org>",
        Address("Café", "cafe", "unctad.example.org"),
    ),
}


def test_every_letter_is_valid_mail_to_exactly_its_address(cli: Cli, partial: Path) -> None:
    for entity, (address, _) in UNUSUAL.items():
        if entity != "UNESCO":
            set_registry_email(partial, entity, address)
    sender = "Secretaría de la CSTD <wsis@ñ.org>"
    assert cli("validate", "2027", "--inputs", str(partial)).exit_code == 0
    result = cli(*CALL_ARGS, "--from", sender, "--inputs", str(partial))
    assert result.exit_code == 0, result.output
    registry = {e.id.lower(): e for e in load_reference(partial).registry.entities.values()}
    expected_from = Address("Secretaría de la CSTD", "wsis", "xn--ida.org")
    for path in written_letters():
        entity = registry[path.stem]
        to = UNUSUAL[entity.id][1] if entity.id in UNUSUAL else None
        if entity.id == "ITU":
            to = Address("", "focal", "itu.example.org")
        elif entity.id == "ECA":
            to = Address("", "old-focal", "eca.example.org")
        check_headers(path, expected_from, to)
        check_letter(path, entity.name)
    assert "xn--exmple-cua.org" in letter(CALL / "iaea.eml")["To"]


def test_a_non_ascii_local_part_says_what_to_type(cli: Cli, partial: Path) -> None:
    path = submission_with_contact(partial, 2027, "josé@exämple.org")
    result = cli("validate", "2027", "--inputs", str(partial))
    assert result.exit_code == 1, result.output
    assert (
        f"{path}:5:10: contact.email: 'josé@exämple.org' has letters outside a to z before "
        "the '@', which mail systems cannot deliver to reliably; write an address that has "
        "only the letters a to z, digits and . _ - + before the '@' (such as "
        "jose@exämple.org), as your mail provider gives it\n" in result.stderr
    )


@pytest.mark.parametrize(
    ("sender", "why"),
    [
        (
            "wsis@example.org, evil@attacker.example",
            "is more than one address, or a group; write it as wsis@example.org or as "
            "'CSTD secretariat <wsis@example.org>' (a name with a comma goes in double "
            "quotes: '\"CSTD secretariat, Office\" <wsis@example.org>')",
        ),
        ("Team: wsis@example.org, evil@attacker.example;", "is more than one address, or a group"),
        ("Team: wsis@example.org;", "is more than one address, or a group"),
        ("CSTD\u2028Bcc: evil@attacker.example <wsis@example.org>", LINE_BREAK),
        ("CSTD\x0bBcc: evil@attacker.example <wsis@example.org>", LINE_BREAK),
        ("CSTD\x85Bcc: evil@attacker.example <wsis@example.org>", LINE_BREAK),
        (BROKEN["encoded CR LF"], LINE_BREAK),
        ("wsis@example.org\tBcc: evil@attacker.example", LINE_BREAK),
        ("josé@example.org", "has letters outside a to z before the '@'"),
        (
            "N" * 3000 + " <wsis@example.org>",
            "is too long for a line of a letter (998 characters at most); write a shorter name",
        ),
        ("wsis@[192.0.2.1]", "is not an e-mail address"),
        ("evil, CSTD secretariat <wsis@example.org>", "is not an e-mail address"),
        ("Bcc: evil CSTD <wsis@example.org>", "is not an e-mail address"),
    ],
)
def test_the_sender_is_one_address_on_one_line(
    cli: Cli, partial: Path, sender: str, why: str
) -> None:
    result = cli(*CALL_ARGS, "--from", sender, "--inputs", str(partial))
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--from'" in result.output and why in result.output
    assert not CALL.exists()


def test_the_library_refuses_a_bad_sender_too(partial: Path) -> None:
    import datetime as dt

    from report_builder import BuildError
    from report_builder.documents.letters import call_for_contributions

    with pytest.raises(BuildError, match="is more than one address, or a group"):
        call_for_contributions(
            2027, dt.date(2027, 1, 31), "wsis@example.org, evil@attacker.example", partial
        )
