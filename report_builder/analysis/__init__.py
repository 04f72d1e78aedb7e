"""Analyse: facts about a loaded cycle (coverage, flags, milestones, which highlights fit,
what changed since a build). Pure functions: no I/O, no docx, no English sentences."""
