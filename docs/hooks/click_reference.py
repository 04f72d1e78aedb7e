"""MkDocs hook: make the command reference that mkdocs-click generates read correctly.

mkdocs-click 0.9 hands click's help text to Markdown as it is, so ``<id>`` in
``inputs/YEAR/<id>.yaml`` is taken for an HTML tag and disappears, and the ``|`` in the type
name ``YEAR|none`` splits a table cell. With click 8.3 or later it shows an option that has
no default as ``Sentinel.UNSET``, and it lists a subcommand by the first line of its help,
which may stop mid-sentence.

Before mkdocs-click reads the commands of a ``::: mkdocs-click`` block, this hook escapes
their help texts and type names, gives each option the default that click reports for it
(``to_info_dict``), and gives each subcommand without a short help the first paragraph of
its help. In the table that mkdocs-click then writes, the Default cell is left empty where
there is no default to show: the help text says what happens then.

Only the documentation build is affected: the changes are made to the command objects
loaded in the MkDocs process, never to report_builder's files.
"""

from __future__ import annotations

import html
import importlib
import inspect
import re
from typing import Any

import click
from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

BEGIN = "<!-- click reference begins -->"
END = "<!-- click reference ends -->"
# mkdocs-click registers its preprocessor at priority 141: one step before it, one after.
BEFORE_MKDOCS_CLICK = 142
AFTER_MKDOCS_CLICK = 140
OPTION_LINE = re.compile(r"^\s+:(?P<key>[^:]+):\s*(?P<value>.*?)\s*$")
# What mkdocs-click writes for no default, for a required option, and for --help, which
# click makes for each context and so is not among the parameters prepared here.
NO_DEFAULT = {"None": "", "_required": "required", "`Sentinel.UNSET`": ""}

_prepared: set[int] = set()


def _escape(text: str | None) -> str | None:
    return None if text is None else html.escape(text, quote=False)


def _prepare(command: click.Command) -> None:
    """Escape the help texts of ``command`` and its subcommands and settle their defaults."""
    if id(command) in _prepared:  # `mkdocs serve` builds again with the same objects
        return
    _prepared.add(id(command))
    for param in command.params:
        if not isinstance(param, click.Option):
            continue
        param.default = None if param.show_default is False else param.to_info_dict()["default"]
        param.help = _escape(param.help)
        if "|" in param.type.name:
            param.type.name = param.type.name.replace("|", "&#x7C;")
    if command.short_help is None and command.help:
        first_paragraph = inspect.cleandoc(command.help).split("\n\n")[0]
        command.short_help = _escape(" ".join(first_paragraph.split()))
    command.help = _escape(command.help)
    if isinstance(command, click.Group):
        for subcommand in command.commands.values():
            _prepare(subcommand)


class _MarkBlocks(Preprocessor):
    """Prepare the commands of each ``::: mkdocs-click`` block, and mark where it stands."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        options: dict[str, str] | None = None
        for line in lines:
            if options is not None:
                match = OPTION_LINE.match(line)
                if match:
                    options[match["key"]] = match["value"]
                    out.append(line)
                    continue
                self._load(options)
                out.append(END)
                options = None
            if line.startswith("::: mkdocs-click"):
                options = {}
                out.append(BEGIN)
            out.append(line)
        if options is not None:
            self._load(options)
            out.append(END)
        return out

    @staticmethod
    def _load(options: dict[str, str]) -> None:
        command = getattr(importlib.import_module(options["module"]), options["command"])
        _prepare(command)


class _TidyTables(Preprocessor):
    """Between the marks, empty the Default cell where there is no default to show."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        inside = False
        for line in lines:
            if line in (BEGIN, END):
                inside = line == BEGIN
                continue
            if inside and line.startswith("| `") and line.endswith(" |"):
                cells = line[2:-2].split(" | ")
                if len(cells) == 4:
                    cells[3] = NO_DEFAULT.get(cells[3], cells[3])
                    line = "| " + " | ".join(cells) + " |"
            out.append(line)
        return out


class _ClickReference(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_MarkBlocks(md), "click_reference_mark", BEFORE_MKDOCS_CLICK)
        md.preprocessors.register(_TidyTables(md), "click_reference_tidy", AFTER_MKDOCS_CLICK)


def on_config(config: Any) -> Any:
    config.markdown_extensions.append(_ClickReference())
    return config
