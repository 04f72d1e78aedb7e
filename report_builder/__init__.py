"""report-builder: the document pipeline behind the Secretary-General's biennial WSIS report.

The library follows one direction: load and validate (``load_cycle``), analyse
(``coverage``, in ``analysis.coverage``), render and write (``build``, and ``update``
for a draft the reviewers have edited, in the module ``pipeline``). The ``build-report``
command is a thin layer over these functions.
"""

from report_builder.analysis.coverage import Coverage, Flag, FlagKind, coverage
from report_builder.diagnostics import BuildError, Diagnostic, InputError
from report_builder.inputs.cycle import Cycle, load_cycle
from report_builder.inputs.cycles import CycleSettings
from report_builder.inputs.reference import Reference, load_reference
from report_builder.inputs.scaffold import new_submission
from report_builder.inputs.schema import submission_schema
from report_builder.pipeline import BuildResult, UpdateResult, build, update
from report_builder.settings import Settings

__all__ = [
    "BuildError",
    "BuildResult",
    "Coverage",
    "Cycle",
    "CycleSettings",
    "Diagnostic",
    "Flag",
    "FlagKind",
    "InputError",
    "Reference",
    "Settings",
    "UpdateResult",
    "build",
    "coverage",
    "load_cycle",
    "load_reference",
    "new_submission",
    "submission_schema",
    "update",
]
