"""Helpers shared by tests: running the real ``heaolu`` command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAOLU = str(Path(sys.executable).parent / "heaolu")


def run_heaolu(*args: str, env: dict[str, str] | None = None, path: Path | None = None):
    """Run ``heaolu ARGS`` in a subprocess; ``path`` is put on PYTHONPATH (entry points)."""
    environment = {**os.environ, **(env or {})}
    pythonpath = [str(ROOT)] + ([str(path)] if path else [])
    environment["PYTHONPATH"] = os.pathsep.join(pythonpath)
    return subprocess.run(
        [HEAOLU, *args], env=environment, capture_output=True, text=True, timeout=120, check=False
    )


def install_entry_point(directory: Path, dist: str, name: str, module: str, version="1.0"):
    """Make a real installed distribution (a .dist-info folder) with one heaolu plugin."""
    info = directory / f"{dist}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n")
    (info / "entry_points.txt").write_text(f"[heaolu.plugins]\n{name} = {module}\n")


def query(database_url: str, sql: str) -> list[tuple]:
    """Run one SQL statement on a database directly (not through heaolu) and return its rows."""
    if database_url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(database_url.split("///", 1)[1]) as connection:
            return connection.execute(sql).fetchall()
    import asyncio

    import asyncpg

    async def fetch():
        connection = await asyncpg.connect(database_url)
        try:
            return [tuple(row) for row in await connection.fetch(sql)]
        finally:
            await connection.close()

    return asyncio.run(fetch())
