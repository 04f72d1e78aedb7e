"""The JSON Schema of a submission, generated from the pydantic model, for editors."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from report_builder.inputs.models import Submission

SCHEMA_ID = "https://report-builder.invalid/schemas/submission.schema.json"
SCHEMA_PATH = "schemas/submission.schema.json"
# The schema the repository ships, found from the package rather than the working folder
# so that it is found wherever the command runs.
SCHEMA_FILE = Path(__file__).resolve().parents[2] / SCHEMA_PATH


def schema_reference(target: Path) -> str | None:
    """The ``$schema`` value for a submission written to ``target``: the shipped schema's
    path relative to the file, which survives moving the repository as a whole; a
    ``file:`` URI where no relative path exists (another drive on Windows); None where
    the schema is not on disk (an installation without the repository)."""
    if not SCHEMA_FILE.is_file():
        return None
    try:
        return Path(os.path.relpath(SCHEMA_FILE, target.resolve().parent)).as_posix()
    except ValueError:
        return SCHEMA_FILE.as_uri()


def submission_schema() -> dict[str, Any]:
    schema = Submission.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def submission_schema_text() -> str:
    """The schema as the repository ships it: stable key order, final newline."""
    return json.dumps(submission_schema(), indent=2, ensure_ascii=False) + "\n"
