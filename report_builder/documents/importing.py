"""``import``: filled-in Word questionnaires read back into YAML submissions, validated
like any other, and written into inputs/<YEAR>/ all together or not at all.

A returned questionnaire is untrusted: only a regular file is read, the package is
checked (a Word document, no macros, bounded sizes: word/package_guard.py) before its
document is read, the XML is parsed without entities (a part that declares any is
refused), and its text is read as Word shows it (word/forms.py).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from report_builder.diagnostics import (
    Diagnostic,
    InputError,
    Severity,
    has_errors,
    printable,
    setting,
)
from report_builder.documents.questionnaire import (
    CONTACT,
    CYCLE_PROPERTY,
    ENTITY_PROPERTY,
    NOT_REPORTING,
    OTHER,
    OTHER_PARAGRAPH,
    OTHER_SLOTS,
    REPORT_FIELDS,
    STATUS,
    STATUS_CHOICES,
    SUBMITTED,
    FormField,
)
from report_builder.files import FileTooLarge, NotRegularFile, read_regular
from report_builder.inputs.cycle import DEFAULT_INPUTS, check_text, discover, submission_folder
from report_builder.inputs.cycles import YEAR_MAX, YEAR_MIN
from report_builder.inputs.models import date_in_order
from report_builder.inputs.reference import Reference, load_reference, read_file
from report_builder.inputs.scaffold import submission_text
from report_builder.inputs.yaml_reader import DEFAULT_LIMITS
from report_builder.outputs.write import write_outputs
from report_builder.word.forms import (
    DeclaresEntities,
    EmbeddedContent,
    Field,
    Fields,
    TooMany,
    custom_properties,
    hidden_styles,
    read_fields,
)
from report_builder.word.package_guard import (
    DOCUMENT,
    MB,
    DamagedPart,
    Finding,
    MacroContent,
    MacroPart,
    MalformedXml,
    NotWordDocument,
    Package,
    PackageLimits,
    PartTooLarge,
    Refused,
    TooLarge,
    TooManyParts,
    Unreadable,
    guard,
)

CUSTOM = "docProps/custom.xml"
STYLES = "word/styles.xml"
_PARAGRAPH_TAG = re.compile(r"report[._](\d{1,3})[._]status$")
# name: value, then an optional unit and (year). The name runs to the last ': ' followed
# by a number; thousands may be grouped with commas. A unit may follow the number without a
# space (45%), but never starts with a digit, comma or point, so that a decimal comma
# (12,5) is refused rather than read as 12.
_INDICATOR = re.compile(
    r"(?P<name>.+):\s*(?P<value>[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
    r"(?:\s*(?P<unit>[^\d\s.,(].*?))?\s*(?:\((?P<year>\d{4})\))?",
    re.DOTALL,
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SEPARATORS = re.compile(r"[,\n;]")


DEFAULT_PACKAGE_LIMITS = PackageLimits()


@dataclass(frozen=True)
class Imported:
    source: Path
    target: Path
    entity_id: str
    paragraphs: tuple[int, ...]


@dataclass(frozen=True)
class ImportResult:
    imported: tuple[Imported, ...]
    warnings: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class _Read:
    """A questionnaire read into a submission, with the places its keys came from."""

    source: Path
    submission: dict[str, Any]
    places: dict[str, str]
    entity_id: str


class _Refused(Exception):
    """A questionnaire that cannot be read at all; the message says why and what to do."""


def import_questionnaires(
    files: Sequence[Path],
    inputs: str | Path = DEFAULT_INPUTS,
    year: int | None = None,
    force: bool = False,
    limits: PackageLimits = DEFAULT_PACKAGE_LIMITS,
) -> ImportResult:
    """Read each filled-in questionnaire in ``files``, validate the submissions, and write
    them as ``inputs/<cycle>/<id>.yaml``.

    Raises InputError with every problem in every file, and then writes nothing. An
    entity's existing submission (under any name) is replaced only with ``force``.
    """
    reference = load_reference(inputs)
    problems: list[Diagnostic] = []
    read: list[_Read] = []
    for source in files:
        name = str(source)
        reader = _Reader(name, reference, year)
        try:
            fields, properties = _open(source, limits)
            submission = reader.submission(fields, properties)
        except _Refused as exc:
            problems.append(Diagnostic(name, 0, 0, "", str(exc)))
            continue
        problems += reader.problems
        if submission is None:
            continue
        item = _Read(source, submission, reader.places, reader.entity_id)
        if has_errors(reader.problems):
            # One pass: what the reader could read is validated too, so that every problem
            # is reported in this run, less those about the fields the reader refused.
            problems += _also_invalid(inputs, reference, item, reader.problems)
        else:
            read.append(item)
    seen: dict[str, Path] = {}
    for item in read:
        if item.entity_id in seen:
            problems.append(
                Diagnostic(
                    str(item.source),
                    0,
                    0,
                    "",
                    f"a second questionnaire from {item.entity_id}; "
                    f"{printable(str(seen[item.entity_id]))} is "
                    "already one. Import one of them",
                )
            )
        seen.setdefault(item.entity_id, item.source)
    texts = [
        submission_text(item.submission, _comments(reference, item.submission, item.source))
        for item in read
    ]
    problems += _validate(inputs, read, texts)
    targets = []
    for item, text in zip(read, texts, strict=True):
        target, clash = _target(inputs, item.submission["cycle"], item.entity_id, reference)
        targets.append(target)
        try:
            # Read only a regular file: a FIFO under the name would wait for a writer.
            same = clash and _universal(read_regular(target, DEFAULT_LIMITS.max_bytes)) == text
        except NotRegularFile as exc:
            problems.append(
                Diagnostic(
                    str(item.source),
                    0,
                    0,
                    "",
                    f"{printable(str(target))} is {exc.kind}, not a submission file; move it "
                    "out of the way and import again",
                )
            )
            continue
        except FileTooLarge:
            same = False
        if clash and not force and not same:
            problems.append(
                Diagnostic(
                    str(item.source),
                    0,
                    0,
                    "",
                    f"{printable(str(target))} is already {item.entity_id}'s submission and is "
                    "left as it is; "
                    f"import with {setting('force')} to replace it with this questionnaire",
                )
            )
    if has_errors(problems):
        raise InputError(problems)
    by_folder: dict[Path, dict[Path, bytes]] = {}
    for target, text in zip(targets, texts, strict=True):
        by_folder.setdefault(target.parent, {})[target] = text.encode("utf-8")
    for folder_files in by_folder.values():
        write_outputs(folder_files, force=True)
    imported = tuple(
        Imported(
            item.source,
            target,
            item.entity_id,
            tuple(r["paragraph"] for r in item.submission["reports"]),
        )
        for item, target in zip(read, targets, strict=True)
    )
    return ImportResult(imported, tuple(sorted(problems)))


_RESEND = "save it in Word as a Word Document (.docx) and import that"


def _open(source: Path, limits: PackageLimits) -> tuple[Fields, dict[str, str]]:
    """The fields and custom properties of the questionnaire at ``source``, or _Refused."""
    if source.suffix.lower() == ".docm":
        raise _Refused(f"a macro-enabled document (.docm) is refused; {_RESEND}")
    try:
        # Read whole, and only from a regular file: a FIFO or a device under the name
        # would block or never end.
        data = read_regular(source, limits.max_file_bytes)
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return _read_package(guard(package, limits))
    except NotRegularFile as exc:
        raise _Refused(f"the file is {exc.kind}, not a Word document; {_RESEND}") from None
    except FileTooLarge as exc:
        raise _Refused(
            f"the file has {exc.size / MB:.0f} MB, over the limit of "
            f"{limits.max_file_bytes // MB} MB for a questionnaire"
        ) from None
    except zipfile.BadZipFile:
        raise _Refused(f"not a Word document (.docx); {_RESEND}") from None
    except FileNotFoundError:
        raise _Refused("the file does not exist; check its name and folder") from None
    except OSError as exc:
        raise _Refused(f"cannot read the file: {exc.strerror}") from None
    except Refused as exc:
        raise _Refused(_refusal(exc.finding)) from None


def _read_package(package: Package) -> tuple[Fields, dict[str, str]]:
    try:
        part = STYLES
        hidden = hidden_styles(package.read(STYLES) if STYLES in package.names else None)
        part = DOCUMENT
        fields = read_fields(package.read(DOCUMENT), hidden=hidden)
        part = CUSTOM
        custom = package.read(CUSTOM) if CUSTOM in package.names else None
        return fields, custom_properties(custom)
    except SyntaxError as exc:  # lxml's XMLSyntaxError
        raise _Refused(f"the document is damaged ({exc}); save it again in Word") from None
    except DeclaresEntities:
        raise _Refused(
            f"{part} declares its own entities (a DTD), which Word never writes; {_RESEND}"
        ) from None
    except TooMany as exc:
        raise _Refused(
            f"the document holds over {exc.limit:,} {exc.what}, more than a questionnaire "
            "ever needs; fill in a fresh copy of the questionnaire"
        ) from None
    except EmbeddedContent:
        raise _Refused(
            "the document holds embedded HTML or another document (altChunk), which cannot "
            "be read as text; in Word, copy that part and paste it back with Paste Special > "
            "Unformatted Text, then save and import again"
        ) from None


def _refusal(finding: Finding) -> str:
    match finding:
        case TooManyParts(parts, limit):
            return (
                f"the file holds {parts} parts, over the limit of {limit}; it is not a "
                "questionnaire"
            )
        case TooLarge(unpacked, limit):
            return (
                f"the file unpacks to {unpacked / MB:.0f} MB, over the limit of "
                f"{limit // MB} MB; it is not a questionnaire"
            )
        case MacroPart(_, marker):
            return f"the document contains macros ({marker}), which are refused; {_RESEND}"
        case MacroContent(_, _, "macroEnabled"):
            return f"a macro-enabled document (.docm content type) is refused; {_RESEND}"
        case MacroContent(part, content_type, _):
            return (
                f"the document contains macros or ActiveX controls ({part}, declared as "
                f"{content_type}), which are refused; {_RESEND}"
            )
        case NotWordDocument():
            return f"not a Word document (.docx): it has no {DOCUMENT}; {_RESEND}"
        case PartTooLarge(part, limit):
            return f"{part} unpacks to more than {limit // MB} MB; it is not a questionnaire"
        case DamagedPart(part, detail):
            return f"{part} is damaged ({detail}); save the document again in Word"
        case Unreadable(detail):
            return f"the file cannot be read as a Word document ({detail}); {_RESEND}"
        case MalformedXml(_, detail):
            return f"the document is damaged ({detail}); save it again in Word"


_COPIED = (
    "this field appears more than once (copied?); keep one, or fill in a fresh copy of the "
    "questionnaire"
)


class _Reader:
    """Turns one questionnaire's fields into a submission, collecting problems with the
    place in the questionnaire they concern."""

    def __init__(self, file: str, reference: Reference, year: int | None) -> None:
        self.file = file
        self.reference = reference
        self.year = year
        self.problems: list[Diagnostic] = []
        # Where each key of the submission came from, for messages: "reports[0]" ->
        # "paragraph 108".
        self.places: dict[str, str] = {}
        self.entity_id = ""
        self._revised = False

    def error(self, place: str, message: str) -> None:
        self.problems.append(Diagnostic(self.file, 0, 0, place, message))

    def submission(self, fields: Fields, properties: dict[str, str]) -> dict[str, Any] | None:
        for tag in fields.duplicates:
            self.error(tag, _COPIED)
        copied = [tag for tag in ("entity", "cycle") if fields.ambiguous(tag)]
        for tag in copied:
            self.error(tag, _COPIED)
        if copied:
            return None
        entity_field, cycle_field = fields.get("entity"), fields.get("cycle")
        if entity_field is None or cycle_field is None:
            raise _Refused(
                "not a questionnaire from build-report: it has no entity or cycle field; "
                "fill in the questionnaire the Secretariat sent"
            )
        entity = self._entity(entity_field.text.strip(), properties.get(ENTITY_PROPERTY))
        cycle = self._cycle(cycle_field.text.strip(), properties.get(CYCLE_PROPERTY))
        paragraphs = sorted(
            {int(m.group(1)) for tag in fields.names if (m := _PARAGRAPH_TAG.match(tag))}
        )  # fmt: skip
        others = [f"{OTHER}.{slot}" for slot in _slots(fields)]
        for tag in [
            SUBMITTED.key,
            *(f.key for f in CONTACT),
            *(f"{other}.{OTHER_PARAGRAPH.key}" for other in others),
            *(
                f"{prefix}.{f.key}"
                for prefix in [*(f"report.{p}" for p in paragraphs), *others]
                for f in (STATUS, *REPORT_FIELDS)
            ),
        ]:
            if fields.ambiguous(tag):
                self.error(tag, _COPIED)
            elif fields.get(tag) is None:
                self.error(
                    tag,
                    "this field is missing from the questionnaire (deleted?); fill in a fresh "
                    "copy of the questionnaire",
                )
        if entity is None or cycle is None or has_errors(self.problems):
            return None
        self.entity_id = entity
        submission: dict[str, Any] = {"entity": entity, "cycle": cycle}
        submission["submitted"] = self._date(fields)
        contact = {
            f.key.split(".")[1]: text
            for f in CONTACT
            if (text := self._text(fields, f.key, f, f.label))
        }
        if contact:
            submission["contact"] = contact
        reports = [
            r for p in paragraphs if (r := self._report(fields, f"report.{p}", p, f"paragraph {p}"))
        ]
        reports += [r for slot in _slots(fields) if (r := self._other(fields, slot))]
        for i, report in enumerate(reports):
            self.places[f"reports[{i}]"] = f"paragraph {report['paragraph']}"
        submission["reports"] = reports
        if not reports and not has_errors(self.problems):
            self.error(
                "",
                "nothing was filled in: every paragraph still shows its prompt or is marked "
                "Not reporting; choose a status and write a summary for at least one",
            )
        if self._revised:
            self.problems.append(
                Diagnostic(
                    self.file,
                    0,
                    0,
                    "",
                    "tracked changes were left in the document; their text was taken as if "
                    "every change were accepted",
                    Severity.WARNING,
                )
            )
        return submission

    def _entity(self, typed: str, recorded: str | None) -> str | None:
        if recorded is not None and typed != recorded:
            self.error(
                "entity",
                f"the entity was changed from {recorded} to '{typed}'; each entity has its own "
                f"questionnaire: fill in {recorded}'s as sent, or ask the Secretariat for "
                "another",
            )
            return None
        found = self.reference.registry.find(typed)
        if found is None or not found.submits:
            self.error("entity", f"'{typed}' is not an entity of the registry")
            return None
        return found.id

    def _cycle(self, typed: str, recorded: str | None) -> int | None:
        if recorded is not None and typed != recorded:
            self.error("cycle", f"the year was changed from {recorded} to '{typed}'")
            return None
        if not re.fullmatch(r"\d{4}", typed):
            self.error("cycle", f"'{typed}' is not a year")
            return None
        if not YEAR_MIN <= int(typed) <= YEAR_MAX:
            self.error(
                "cycle",
                f"'{typed}' is not a cycle from {YEAR_MIN} to {YEAR_MAX}; fill in the "
                "questionnaire the Secretariat sent",
            )
            return None
        if self.year is not None and int(typed) != self.year:
            self.error(
                "cycle",
                f"this questionnaire is for the {typed} cycle, not {self.year}; import it with "
                f"{setting('year')} {typed}, or ask the entity for the {self.year} "
                "questionnaire",
            )
            return None
        return int(typed)

    def _field(self, fields: Fields, tag: str, form: FormField, where: str) -> Field | None:
        """The field under ``tag`` (``where`` in the questionnaire) unless it still shows
        its prompt, is empty, or is too long to read."""
        field = fields.get(tag)
        if field is None or field.placeholder:
            return None
        if field.too_long:
            self.error(
                where,
                f"the field holds more than {fields.limits.max_field_chars:,} characters; "
                "shorten it to what the report needs",
            )
            return None
        if field.hidden:
            self.problems.append(
                Diagnostic(
                    self.file,
                    0,
                    0,
                    where,
                    "hidden text (Font > Hidden in Word) was left out, as Word does not show "
                    "or print it; if it belongs in the report, unhide it and import again "
                    f"with {setting('force')}",
                    Severity.WARNING,
                )
            )
        for symbol in field.symbols:
            self.error(
                where,
                f"a symbol from the font {printable(symbol.font)} ({printable(symbol.code)}) "
                "has no character of its own; type the character itself, or choose it in "
                "Insert > Symbol from (normal text)",
            )
        if field.text.strip() in ("", form.prompt):
            return None
        self._revised = self._revised or field.revised
        return field

    def _text(self, fields: Fields, tag: str, form: FormField, where: str) -> str | None:
        field = self._field(fields, tag, form, where)
        return None if field is None else field.text.strip()

    def _date(self, fields: Fields) -> str | None:
        field = self._field(fields, SUBMITTED.key, SUBMITTED, SUBMITTED.label)
        if field is None:
            self.error(SUBMITTED.label, "choose the date you send the questionnaire")
            return None
        typed = field.full_date[:10] if field.full_date else field.text.strip()
        try:
            if _DATE.fullmatch(typed):
                return dt.date.fromisoformat(typed).isoformat()
        except ValueError:
            pass
        self.error(
            SUBMITTED.label,
            date_in_order(typed)
            or f"'{typed}' is not a date; choose it from the calendar, or type it as YYYY-MM-DD",
        )
        return None

    def _other(self, fields: Fields, slot: int) -> dict[str, Any] | None:
        """The report in the slot-th of the "other paragraphs", if one is filled in."""
        prefix = f"{OTHER}.{slot}"
        place = f"other paragraph {slot}"
        number = self._text(
            fields,
            f"{prefix}.{OTHER_PARAGRAPH.key}",
            OTHER_PARAGRAPH,
            f"{place}, {OTHER_PARAGRAPH.label}",
        )
        if number is None:
            if self._report(fields, prefix, 0, place) is not None:
                self.error(
                    f"{place}, {OTHER_PARAGRAPH.label}",
                    "type the number of the paragraph you report on",
                )
            return None
        if not re.fullmatch(r"\d{1,3}", number):
            self.error(
                f"{place}, {OTHER_PARAGRAPH.label}",
                f"'{number}' is not a paragraph number; type the number alone, such as 67",
            )
            return None
        return self._report(fields, prefix, int(number), f"paragraph {int(number)}")

    def _report(
        self, fields: Fields, prefix: str, paragraph: int, place: str
    ) -> dict[str, Any] | None:
        """The report whose fields are tagged ``<prefix>.<field>``, or None where it is
        left out (Not reporting, or nothing filled in)."""
        values = {
            f.key: text
            for f in REPORT_FIELDS
            if (text := self._text(fields, f"{prefix}.{f.key}", f, f"{place}, {f.label}"))
        }
        status_field = self._field(
            fields, f"{prefix}.{STATUS.key}", STATUS, f"{place}, {STATUS.label}"
        )
        typed = status_field.text.strip() if status_field else ""
        status = _status(typed)
        if status == NOT_REPORTING.value or (not typed and not values):
            return None
        if status is None:
            choices = ", ".join(c.label for c in STATUS_CHOICES)
            why = f"'{typed}' is not a status" if typed else "no status was chosen"
            self.error(f"{place}, {STATUS.label}", f"{why}; choose one of: {choices}")
            return None
        if "summary" not in values:
            self.error(
                f"{place}, Summary",
                "write the summary, or choose Not reporting to leave the paragraph out",
            )
            return None
        report: dict[str, Any] = {"paragraph": paragraph, "status": status}
        for form in REPORT_FIELDS:
            text = values.get(form.key)
            if text is None:
                continue
            if form.key == "indicators":
                report[form.key] = self._indicators(text, f"{place}, {form.label}")
            elif form.lines:
                report[form.key] = [line.strip() for line in text.split("\n") if line.strip()]
            elif form.key in ("action_lines", "sdg_targets"):
                report[form.key] = [t.strip() for t in _SEPARATORS.split(text) if t.strip()]
            else:
                report[form.key] = text
        return report

    def _indicators(self, text: str, place: str) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        lines = [line.strip() for line in text.split("\n")]
        for n, line in enumerate(lines, start=1):
            if not line:
                continue
            found = _INDICATOR.fullmatch(line)
            if found is None:
                self.error(
                    f"{place}, line {n}",
                    f"'{line}' is not written as name: value unit (year); write, for "
                    "example, Countries supported: 12 countries (2026)",
                )
                continue
            value = found["value"].replace(",", "")
            indicator: dict[str, Any] = {
                "name": found["name"].strip(),
                "value": float(value) if "." in value else int(value),
            }
            if found["unit"]:
                indicator["unit"] = found["unit"].strip()
            if found["year"]:
                indicator["year"] = int(found["year"])
            out.append(indicator)
        return out


def _slots(fields: Fields) -> list[int]:
    """The "other paragraphs" slots the questionnaire holds (none in one made without)."""
    return [
        slot
        for slot in range(1, OTHER_SLOTS + 1)
        if fields.get(tag := f"{OTHER}.{slot}.{OTHER_PARAGRAPH.key}") is not None
        or fields.ambiguous(tag)
    ]


def _status(typed: str) -> str | None:
    """The status id for a drop-down's value or its displayed text."""
    key = " ".join(typed.replace("_", " ").split()).casefold()
    for choice in STATUS_CHOICES:
        if key in (choice.label.casefold(), choice.value.replace("_", " ")):
            return choice.value
    return None


def _comments(reference: Reference, submission: dict[str, Any], source: Path) -> list[str]:
    entity = reference.registry.entities[submission["entity"]]
    return [
        f"Progress submission from the {entity.name} ({entity.id}) for the "
        f"{submission['cycle']} cycle,",
        # The name is data: escaped, it cannot end the comment and write YAML.
        f"imported by build-report from the Word questionnaire {printable(source.name)}.",
        "Correct it here, or in the questionnaire and import that again with --force.",
    ]


def _universal(data: bytes) -> str:
    """``data`` as text with every line ending a newline, as Python reads a text file."""
    return data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")


def _target(
    inputs: str | Path, cycle: int, entity_id: str, reference: Reference
) -> tuple[Path, bool]:
    """Where the entity's submission goes: its existing file in the cycle's folder, under
    whatever name, or ``<id>.yaml``; and whether a file is there already."""
    folder = submission_folder(inputs, cycle)
    files, _ = discover(folder) if folder.is_dir() else ([], [])
    for path in files:
        data = read_file(path, str(path), DEFAULT_LIMITS).data
        named = data.get("entity") if isinstance(data, dict) else None
        found = reference.registry.find(named) if isinstance(named, str) else None
        if found is not None and found.id == entity_id:
            return path, True
    target = folder / f"{entity_id.lower()}.yaml"
    return target, target.exists()


def _also_invalid(
    inputs: str | Path, reference: Reference, item: _Read, refused: list[Diagnostic]
) -> list[Diagnostic]:
    """The problems that the ordinary validation finds in a questionnaire with fields the
    reader refused, less those the refused fields cause; warnings wait for the next run."""
    if not item.submission.get("reports"):
        return []  # nothing was filled in, which the reader says
    places = {d.path for d in refused if d.path}
    text = submission_text(item.submission, _comments(reference, item.submission, item.source))
    return [
        d
        for d in _validate(inputs, [item], [text])
        if d.severity is Severity.ERROR
        and not d.message.startswith("missing required key")
        and d.path not in places
        and not any(d.path.startswith(f"{place}, ") for place in places)
    ]


def _validate(inputs: str | Path, read: list[_Read], texts: list[str]) -> list[Diagnostic]:
    """Every problem the ordinary validation finds in the submissions, placed in the
    questionnaires they came from."""
    problems: list[Diagnostic] = []
    for item, text in zip(read, texts, strict=True):
        source = str(item.source)
        try:
            found = check_text(inputs, item.submission["cycle"], text, name=source).warnings
        except InputError as exc:
            found = tuple(exc.diagnostics)
        # Lines and columns of the YAML made from the questionnaire mean nothing in Word;
        # the place in the questionnaire says where to correct it.
        problems += [
            Diagnostic(
                source,
                0,
                0,
                _place(d.path, item.places),
                d.marked,
                d.severity,
                d.shown,
                paragraph=d.paragraph,
            )
            for d in found
        ]
    return problems


_LABELS = {f.key: f.label for f in (SUBMITTED, *CONTACT, STATUS, OTHER_PARAGRAPH, *REPORT_FIELDS)}


def _place(path: str, places: dict[str, str]) -> str:
    """``reports[0].indicators[1].value`` -> ``paragraph 108, Indicators, line 2``."""
    found = re.match(r"(reports\[\d+\])(?:\.(\w+))?(?:\[(\d+)\])?", path)
    if found is None:
        return _LABELS.get(path, path)
    parts = [places.get(found[1], found[1])]
    if found[2]:
        parts.append(_LABELS.get(found[2], found[2]))
    if found[3]:
        parts.append(f"line {int(found[3]) + 1}")
    return ", ".join(parts)
