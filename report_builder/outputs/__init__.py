"""Outputs: reproducible .docx packages (package), atomic writes and the folder's lock
(atomic), the manifest of what was written (manifest), what a build may replace (targets),
and writing a build's files all or nothing (write)."""
