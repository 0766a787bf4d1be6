"""Make a Piccolo migration for an app: ``python scripts/new_migration.py APP "description"``.

Runs ``piccolo migrations new APP --auto`` against a scratch SQLite database migrated to the
current state, then removes the ``add_column`` of ``id`` that Piccolo writes for a new table whose
class declares ``id = Serial(primary_key=True)`` (heaolu's tables do, so that type checkers know
the column); ``add_table`` creates that column already, and adding it twice fails.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

BIN = Path(sys.executable).parent
# One `manager.add_column(...)` call whose column_name is "id", up to its closing parenthesis.
ID_COLUMN = re.compile(
    r"    manager\.add_column\(\n(?:(?!    \)\n).*\n)*?"
    r"        column_name=\"id\",\n(?:.*\n)*?    \)\n\n?"
)


def main() -> None:
    app, description = sys.argv[1], sys.argv[2]
    scratch = Path(tempfile.mkdtemp()) / "scratch.db"
    env = {
        **os.environ,
        "HEAOLU_DATABASE_URL": f"sqlite:///{scratch}",
        "PICCOLO_CONF": "core.piccolo_conf",
    }
    subprocess.run([BIN / "heaolu", "migrate"], env=env, check=True, capture_output=True)  # noqa: S603
    before = set(Path().rglob(f"piccolo_migrations/{app}_*.py"))
    subprocess.run(  # noqa: S603
        [BIN / "piccolo", "migrations", "new", app, "--auto", "--desc", description],
        env=env,
        check=True,
    )
    for path in set(Path().rglob(f"piccolo_migrations/{app}_*.py")) - before:
        path.write_text(ID_COLUMN.sub("", path.read_text()))
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
