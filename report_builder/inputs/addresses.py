"""E-mail addresses as the letters of the call need them: one mailbox, read with the
``email`` package's own parser, so that what passes here is exactly what a letter's To: or
From: line says, and nothing more.

An address comes from a person (a submission's contact, the registry, ``--from``), and a
mail program reads it as a header: a line break, even one hidden in an encoded name
(``=?utf-8?q?x=0D=0ABcc:...?=``), a second address or a group would add recipients; a
non-ASCII part before the '@' is undeliverable once encoded.
"""

from __future__ import annotations

import re
import unicodedata
from email.errors import MessageError
from email.headerregistry import Address
from email.policy import SMTP, default

# RFC 5322: no line of a message, header lines included, over 998 octets.
LINE_MAX = 998
_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")


class AddressProblem(ValueError):
    """Why a text is not one address a letter can carry."""


def mailbox(text: str, example: str = "focal@example.org", name: str = "Name") -> Address:
    """The one mailbox ``text`` names (``focal@example.org`` or ``Name <focal@example.org>``),
    its domain in IDNA form (ASCII) as a letter writes it.

    Raises AddressProblem, whose message names ``example`` and ``name`` as what to type.
    """
    text = text.strip()
    shown = repr(text if len(text) <= 80 else text[:79] + "…")
    forms = f"write it as {example} or as '{name} <{example}>'"
    if "," in text:
        forms += f" (a name with a comma goes in double quotes: '\"{name}, Office\" <{example}>')"
    not_an_address = AddressProblem(f"{shown} is not an e-mail address; {forms}")
    if not text.isprintable():
        raise AddressProblem(_line_break(shown, forms))
    try:
        header = default.header_factory("To", text)
    except (ValueError, IndexError, MessageError):
        # The parser refuses a name that decodes to CR or LF.
        raise AddressProblem(_line_break(shown, forms)) from None
    addresses = header.addresses
    parts = [part for a in addresses for part in (a.display_name, a.username, a.domain)]
    if not all(part.isprintable() for part in parts):
        raise AddressProblem(_line_break(shown, forms))
    if len(addresses) == 1 and not addresses[0].username.isascii():
        raise AddressProblem(_local_part(shown, addresses[0]))
    if header.defects or not addresses:
        raise not_an_address
    if len(addresses) > 1 or any(g.display_name is not None for g in header.groups):
        raise AddressProblem(f"{shown} is more than one address, or a group; {forms}")
    (address,) = addresses
    domain = _idna(address.domain)
    if domain is None:
        raise not_an_address
    found = Address(address.display_name, address.username, domain)
    folded = SMTP.fold("To", str(found)).encode("utf-8")
    if any(len(line) > LINE_MAX for line in folded.split(b"\r\n")):
        raise AddressProblem(
            f"{shown} is too long for a line of a letter ({LINE_MAX} characters at most); "
            "write a shorter name"
        )
    return found


def email_problem(text: str, example: str = "focal@example.org", name: str = "Name") -> str | None:
    """Why ``text`` cannot be a letter's address (see ``mailbox``), or None."""
    try:
        mailbox(text, example, name)
    except AddressProblem as exc:
        return str(exc)
    return None


def _line_break(shown: str, forms: str) -> str:
    encoded = ", perhaps in an encoded name (=?...?=)" if "=?" in shown else ""
    return (
        f"{shown} holds a line break or another invisible character{encoded}, which would "
        f"add lines to the letter; {forms}, on one line"
    )


def _local_part(shown: str, address: Address) -> str:
    """The message for a part before '@' outside ASCII, with its ASCII spelling where one
    exists (josé -> jose) as the kind of address to ask for."""
    plain = unicodedata.normalize("NFKD", address.username).encode("ascii", "ignore").decode()
    such_as = f" (such as {plain}@{address.domain})" if plain and plain.isprintable() else ""
    return (
        f"{shown} has letters outside a to z before the '@', which mail systems cannot "
        "deliver to reliably; write an address that has only the letters a to z, digits "
        f"and . _ - + before the '@'{such_as}, as your mail provider gives it"
    )


def _idna(domain: str) -> str | None:
    """``domain`` in the ASCII form mail carries (exämple.org -> xn--exmple-cua.org), or
    None when it is not a domain name of at least two labels."""
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    labels = ascii_domain.split(".")
    if len(labels) < 2 or len(ascii_domain) > 253:
        return None
    return ascii_domain if all(_LABEL.fullmatch(label) for label in labels) else None
