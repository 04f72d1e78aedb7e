"""Load and validate: YAML read with positions, the pydantic models, the reference data
(action table and registry), a cycle's submissions, the JSON schema and new submission
files. Every problem is collected with its file, line and column."""
