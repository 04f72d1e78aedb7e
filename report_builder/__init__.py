"""report-builder: the document pipeline behind the Secretary-General's biennial WSIS report.

The library follows one direction: load and validate (``load_cycle``), analyse
(``coverage``, in the module ``analysis``), render and write (``build``, in the module
``pipeline``). The ``build-report`` command is a thin layer
over these functions.
"""

from .analysis import Coverage, Flag, FlagKind, coverage
from .cycle import Cycle, load_cycle
from .diagnostics import BuildError, Diagnostic, InputError
from .pipeline import BuildResult, build
from .reference import Reference, load_reference
from .scaffold import new_submission
from .schema import submission_schema

__all__ = [
    "BuildError",
    "BuildResult",
    "Coverage",
    "Cycle",
    "Diagnostic",
    "Flag",
    "FlagKind",
    "InputError",
    "Reference",
    "build",
    "coverage",
    "load_cycle",
    "load_reference",
    "new_submission",
    "submission_schema",
]
