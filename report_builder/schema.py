"""The JSON Schema of a submission, generated from the pydantic model, for editors."""

from __future__ import annotations

import json
from typing import Any

from .models import Submission

SCHEMA_ID = "https://report-builder.invalid/schemas/submission.schema.json"
SCHEMA_PATH = "schemas/submission.schema.json"


def submission_schema() -> dict[str, Any]:
    schema = Submission.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def submission_schema_text() -> str:
    """The schema as the repository ships it: stable key order, final newline."""
    return json.dumps(submission_schema(), indent=2, ensure_ascii=False) + "\n"
