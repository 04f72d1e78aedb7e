"""Ships the templates in templates/ inside the package of a built wheel.

The templates stay at the top of the repository, where the Secretariat restyles it; a
regular installation has no repository, so building the package copies the file in as
package data. Editable installations read it from the repository instead (see
report_builder/resources.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

TEMPLATES = Path(__file__).resolve().parent / "templates"


class BuildPyWithTemplate(build_py):  # type: ignore[misc]
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "report_builder" / "templates"
        target.mkdir(parents=True, exist_ok=True)
        for template in sorted(TEMPLATES.glob("*.docx")):
            shutil.copyfile(template, target / template.name)


setup(cmdclass={"build_py": BuildPyWithTemplate})
