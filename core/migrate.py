"""`heaolu migrate`: apply the migrations of core's apps and the loaded plugins' apps.

Core's apps run first, in the order core lists them; plugins depend on core only, so their
apps follow in load order. Piccolo records what ran in its ``migration`` table. Then the forms
that core and the plugins ship in code are stored (`core.forms.versions.sync_code_forms`).
On SQLite it is the one step that makes the database file when it is missing.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.apps.migrations.commands.base import BaseMigrationManager
from piccolo.apps.migrations.tables import Migration

from core.db import create_sqlite_file, write_transaction
from core.forms.versions import sync_code_forms
from core.plugins import Plugins


@dataclass(frozen=True)
class AppliedMigrations:
    app_name: str
    applied: tuple[str, ...]


async def migrate(plugins: Plugins) -> list[AppliedMigrations]:
    """Apply every migration that has not run yet; returns what ran, app by app."""
    create_sqlite_file(Migration._meta.db)
    finder = BaseMigrationManager()
    await finder.create_migration_table()
    report = []
    for app in plugins.piccolo_apps:
        modules = finder.get_migration_modules(app.resolved_migrations_folder_path)
        already = set(await Migration.get_migrations_which_ran(app_name=app.app_name))
        pending = sorted(set(finder.get_migration_ids(modules)) - already)
        for migration_id in pending:
            # One transaction: a migration and the record that it ran land together or not at all.
            async with Migration._meta.db.transaction():
                manager = await modules[migration_id].forwards()
                if isinstance(manager, MigrationManager):
                    # Piccolo narrates each step on stdout; our report says what ran instead.
                    with contextlib.redirect_stdout(io.StringIO()):
                        await manager.run()
                await Migration.insert(Migration(name=migration_id, app_name=app.app_name))
        report.append(AppliedMigrations(app.app_name, tuple(pending)))
    async with write_transaction(Migration._meta.db):
        await sync_code_forms(plugins)
    return report
