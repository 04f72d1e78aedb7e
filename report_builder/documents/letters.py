"""``call``: the call for contributions, a questionnaire and a letter for every entity the
Secretariat chases, and reminders for those still outstanding.

Letters are e-mail files (RFC 5322, MIME, UTF-8) that any mail program opens as a draft
(``X-Unsent: 1``): the text, quoted-printable, and the entity's questionnaire attached,
base64. Every header and the MIME boundary are derived from the inputs, so the same call
gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.policy import SMTP, strict
from email.utils import format_datetime
from pathlib import Path

from report_builder.analysis.coverage import coverage
from report_builder.diagnostics import BuildError, Diagnostic, Severity
from report_builder.documents.questionnaire import (
    load_questionnaire_template,
    questionnaire_docx,
)
from report_builder.inputs.addresses import LINE_MAX, AddressProblem, email_problem, mailbox
from report_builder.inputs.cycle import DEFAULT_INPUTS, discover, earlier_cycle, load_cycle
from report_builder.inputs.cycles import load_cycle_settings, no_deadline
from report_builder.inputs.models import Entity, Submission
from report_builder.inputs.reference import Reference, load_reference, read_file
from report_builder.inputs.yaml_reader import DEFAULT_LIMITS
from report_builder.outputs.write import write_outputs
from report_builder.resources import default_contributions_template
from report_builder.wording.dates import date_text
from report_builder.wording.letters import (
    letter_subject,
    letter_text,
    reminder_subject,
    reminder_text,
)

NO_RECIPIENT = "undisclosed-recipients:;"
SENDER_EXAMPLE = ("wsis@example.org", "CSTD secretariat")
# The headers a letter has: a mail program reads any other address header as a recipient.
HEADERS = {
    "from",
    "to",
    "subject",
    "date",
    "message-id",
    "x-unsent",
    "mime-version",
    "content-type",
}
DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")


def call_folder(year: int) -> Path:
    return Path("outputs") / str(year) / "call"


@dataclass(frozen=True)
class CallResult:
    written: tuple[Path, ...]
    letters: int
    reminders: int
    warnings: tuple[Diagnostic, ...]


def call_for_contributions(
    year: int,
    deadline: dt.date | None,
    sender: str,
    inputs: str | Path = DEFAULT_INPUTS,
    date: dt.date | None = None,
    reminders: bool = False,
    template: str | Path | None = None,
    output: str | Path | None = None,
    force: bool = False,
) -> CallResult:
    """Write, in ``output`` (default outputs/<YEAR>/call/), the questionnaire and the letter
    of every chased entity named in the action table; with ``reminders``, or once ``date``
    is past ``deadline``, a reminder for every one still outstanding instead. A
    ``deadline`` of None is the year's ``deadline`` in inputs/cycles.yaml.

    A letter whose headers cannot be written as valid mail is left out, with a warning
    naming the entity; the others are written.

    Raises InputError (invalid inputs) or BuildError (no deadline, or a file a person
    edited is in the way); nothing is written then.
    """

    try:
        from_line = mailbox(sender, *SENDER_EXAMPLE)
    except AddressProblem as exc:
        raise BuildError(str(exc)) from None
    day = date or dt.date.today()
    folder = Path(output) if output is not None else call_folder(year)
    reference = load_reference(inputs)
    settings = load_cycle_settings(inputs, year)
    deadline = deadline or settings.deadline
    if deadline is None:
        raise BuildError(no_deadline(year, inputs))
    chased = [
        e
        for e in reference.registry.entities.values()
        if e.chased and reference.paragraphs_naming(e.id)
    ]
    reminding = reminders or day > deadline
    if reminding:
        cycle = load_cycle(inputs, year)
        # Work an entity completed in an earlier cycle is not asked for again.
        earlier, _ = earlier_cycle(inputs, year)
        by_id = {c.id: c for c in coverage(cycle, as_of=day, earlier=earlier).entities}
        recipients = [e for e in chased if e.id in by_id and by_id[e.id].missing]
        submitted = {s.entity.id: s.submission for s in cycle.submissions}
    else:
        recipients = chased
    warnings: list[Diagnostic] = []
    addresses = {e.id: _address(e, inputs, year, reference, warnings) for e in recipients}
    files: dict[Path, bytes] = {}
    guide_url = settings.guide_url
    questionnaire = load_questionnaire_template(Path(template or default_contributions_template()))

    def attachment(entity: Entity, submission: Submission | None = None) -> tuple[str, bytes]:
        data = questionnaire_docx(
            reference, entity.id, year, questionnaire, date_text(deadline), submission
        )
        return attachment_name(entity.id, year), data

    def add(
        path: Path, entity: Entity, subject: str, text: str, attached: tuple[str, bytes]
    ) -> None:
        """The letter to ``entity`` in ``files``, or a warning naming it when its headers
        cannot be written as valid mail."""
        key = f"{year}.{'reminder' if reminding else 'call'}.{entity.id}"
        try:
            files[path] = _message(
                from_line, addresses[entity.id], subject, text, attached, day, key
            )
        except AddressProblem as exc:
            warnings.append(_not_written(path, entity, str(exc)))
        except (ValueError, MessageError) as exc:
            why = f"its header lines cannot be written as valid mail ({exc})"
            warnings.append(_not_written(path, entity, why))

    if reminding:
        for entity in recipients:
            # Prefilled with what the entity sent, so that what comes back is complete.
            name, data = attachment(entity, submitted.get(entity.id))
            text = reminder_text(
                reference, entity, by_id[entity.id], year, deadline, name, guide_url
            )
            path = folder / f"{entity.id.lower()}-reminder.eml"
            add(path, entity, reminder_subject(year), text, (name, data))
    else:
        for entity in recipients:
            name, data = attachment(entity)
            text = letter_text(reference, entity, year, deadline, name, guide_url)
            add(
                folder / f"{entity.id.lower()}.eml",
                entity,
                letter_subject(year, deadline),
                text,
                (name, data),
            )
    unaddressed = [e.id for e in recipients if addresses[e.id] is None]
    if unaddressed:
        warnings.append(
            Diagnostic(
                str(Path(inputs) / "entities.yaml"),
                0,
                0,
                "",
                f"no e-mail address for {', '.join(unaddressed)}: their letters are addressed "
                f"to {NO_RECIPIENT} until you add an 'email' for each in the registry, or fill "
                "in the To: line in the mail program",
                Severity.WARNING,
            )
        )
    written = write_outputs(files, force=force) if files else []
    count = len(files)
    return CallResult(
        tuple(written), 0 if reminding else count, count if reminding else 0, tuple(warnings)
    )


def attachment_name(entity_id: str, year: int) -> str:
    """The file name of the questionnaire a letter carries: itu-questionnaire-2027.docx."""
    return f"{entity_id.lower()}-questionnaire-{year}.docx"


def sender_problem(sender: str) -> str | None:
    """Why ``sender`` cannot be a letter's From: line, or None."""
    return email_problem(sender, *SENDER_EXAMPLE)


def _not_written(path: Path, entity: Entity, why: str) -> Diagnostic:
    return Diagnostic(
        str(path),
        0,
        0,
        "",
        f"no letter for {entity.id} ({entity.name}): {why}; the other letters are written",
        Severity.WARNING,
    )


def _address(
    entity: Entity, inputs: str | Path, year: int, reference: Reference, warnings: list[Diagnostic]
) -> str | None:
    """The registry's address for ``entity``, else the contact of its latest submission,
    looking back through earlier cycles' folders. A contact that is not an address a letter
    can carry is passed over, with a warning in ``warnings``."""
    if entity.email:
        return entity.email
    folders = sorted(
        (p for p in Path(inputs).iterdir() if p.is_dir() and re.fullmatch(r"\d{4}", p.name)),
        reverse=True,
    )
    for folder in (f for f in folders if int(f.name) <= year):
        found = []
        for path in discover(folder)[0]:
            data = read_file(path, str(path), DEFAULT_LIMITS).data
            if not isinstance(data, dict) or not isinstance(data.get("entity"), str):
                continue
            named = reference.registry.find(data["entity"])
            contact = data.get("contact")
            email = contact.get("email") if isinstance(contact, dict) else None
            if named is None or named.id != entity.id or not isinstance(email, str):
                continue
            problem = email_problem(email)
            if problem is None:
                found.append((str(data.get("submitted", "")), email.strip()))
            else:
                why = f"{problem}. The letter to {entity.id} is written without it"
                warnings.append(Diagnostic(str(path), 0, 0, "contact.email", why, Severity.WARNING))
        if found:
            return max(found)[1]
    return None


def _message(
    sender: Address,
    to: str | None,
    subject: str,
    text: str,
    attached: tuple[str, bytes],
    day: dt.date,
    key: str,
) -> bytes:
    """A draft (``X-Unsent: 1``) from ``sender`` to the address ``to`` (as typed) of
    ``text`` with the file ``attached``; no line of it over 78 characters, and the same
    bytes for the same arguments.

    Raises AddressProblem when ``to`` is not one address, ValueError or MessageError when
    the letter read back is not valid mail to exactly that address."""
    name, data = attached
    recipient = mailbox(to) if to is not None else None
    message = EmailMessage(policy=SMTP)
    message["From"] = sender
    message["To"] = recipient or NO_RECIPIENT
    message["Subject"] = subject
    message["Date"] = format_datetime(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC))
    digest = hashlib.sha256(f"{sender}\n{to}\n{subject}\n{text}".encode()).hexdigest()[:16]
    message["Message-ID"] = f"<wsis.{key}.{digest}@{sender.domain}>"
    message["X-Unsent"] = "1"
    message.set_content(text, charset="utf-8", cte="quoted-printable")
    maintype, subtype = DOCX_TYPE
    message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    for part in message.iter_attachments():
        del part["MIME-Version"]
    # '=' never starts a line of quoted-printable text, and base64 has no '_': the
    # boundary cannot occur in either part.
    message.set_boundary(f"=_{key}.{digest}")
    # The attachment's type is one word of 71 characters, which the header's line cannot
    # hold within 78: it goes on a folded line of its own, as RFC 5322 allows.
    header = f"Content-Type: {maintype}/{subtype}".encode()
    written = message.as_bytes().replace(header, header.replace(b": ", b":\r\n "))
    _check_headers(written, sender, recipient)
    return written


def _check_headers(written: bytes, sender: Address, to: Address | None) -> None:
    """Raises ValueError unless ``written``, read back as strictly as the ``email`` package
    can, is from ``sender`` to ``to`` alone (or to no one named) in lines of at most 998
    octets: what a mail program would send is what was meant."""
    headers = BytesHeaderParser(policy=strict).parsebytes(written)
    names = {name.lower() for name in headers}
    if names != HEADERS or len(headers.keys()) != len(HEADERS):
        raise ValueError(f"it would have the header lines {', '.join(headers.keys())}")
    if headers["From"].addresses != (sender,):
        raise ValueError(f"its From: line would read {headers['From']}")
    recipients = headers["To"].addresses
    if recipients != ((to,) if to else ()):
        raise ValueError(f"its To: line would read {headers['To']}")
    if any(len(line) > LINE_MAX for line in written.split(b"\r\n")):
        raise ValueError(f"a line of it would be over {LINE_MAX} characters")
