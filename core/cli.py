"""The ``heaolu`` command: serve, migrate, demo, createuser, plugins, plugin new, check, backup,
restore, audit, jobs (plugins add more)."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import click

from core import db
from core.audit.chain import DEFAULT_BATCH, GENESIS, VerifyReport, seal_all, verify
from core.audit.retention import prune
from core.auth import passwords
from core.auth.accounts import create_user
from core.auth.passwords import context_words, password_problems
from core.auth.permissions import SYSTEM_ADMIN_ROLE
from core.backup import BackupError
from core.backup import backup as back_up
from core.backup import restore as restore_backup
from core.cases.demo_county import seed_county_cases
from core.demo import DEFAULT_DEMO_PASSWORD, DemoContext, demo_is_there
from core.demo_reset import database_name, empty_database
from core.forms.versions import FormVersionError
from core.jobs.queue import counts as job_counts
from core.jobs.runner import JobRunner, PassReport, work
from core.migrate import migrate
from core.notifications import mail
from core.people.importing import KINDS, CsvImportError, Report, run_import
from core.plugins import PluginError, Plugins, build_plugins
from core.request_log import configure_logging
from core.retention import RetentionReport, apply_retention
from core.scaffold import ScaffoldError, scaffold, taken_names
from core.settings import Settings, SettingsError

T = TypeVar("T")


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    plugins: Plugins

    def run(self, work: Callable[[], Awaitable[T]]) -> T:
        """Run ``work`` with every table bound to this settings' database. A database that
        cannot be reached or opened stops the command with a message (exit 2), no traceback."""
        engine = db.engine_for(self.settings)
        db.bind_tables(engine, self.plugins.piccolo_apps)
        mail.configure(self.settings)
        passwords.configure(self.settings.argon2)
        try:
            return asyncio.run(_awaited(work))
        except Exception as exc:
            if not db.is_unavailable(exc):
                raise
            click.echo(
                f"heaolu: the database of HEAOLU_DATABASE_URL cannot be used: {exc}. Is it "
                "there, and is it running? (`heaolu migrate` makes a new SQLite file.)",
                err=True,
            )
            sys.exit(2)


async def _awaited(work: Callable[[], Awaitable[T]]) -> T:
    return await work()


pass_runtime = click.make_pass_decorator(Runtime)


@click.group(help="heaolu: early noticing and cross-sector support for children.")
def heaolu() -> None:
    pass


@heaolu.command(help="Serve the web application (uvicorn).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1))
@pass_runtime
def serve(runtime: Runtime, host: str, port: int, workers: int) -> None:
    import uvicorn

    from core.http_limits import HEAD_LIMIT, LimitedH11Protocol

    configure_logging(runtime.settings.debug)
    click.echo(f"heaolu: serving on http://{host}:{port}/ with {workers} worker(s)")
    if runtime.settings.admin_2fa != "required":
        click.echo(
            "heaolu: HEAOLU_ADMIN_2FA=optional: administrators may log in without a second "
            "factor. Fine for the demo, never in production."
        )
    uvicorn.run(
        "core.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        # Query strings may hold search terms (names): uvicorn's access log stays off (heaolu
        # logs requests itself, without them), and heaolu decides itself which proxies'
        # forwarded headers to believe.
        access_log=False,
        log_config=None,
        proxy_headers=False,
        server_header=False,
        # Over-long request lines and headers get 414 or 431, not a reset connection.
        http=LimitedH11Protocol,
        h11_max_incomplete_event_size=HEAD_LIMIT,
    )


@heaolu.command("migrate", help="Apply the database migrations of core and the loaded plugins.")
@pass_runtime
def migrate_command(runtime: Runtime) -> None:
    try:
        results = runtime.run(lambda: migrate(runtime.plugins))
    except FormVersionError as exc:
        click.echo(f"heaolu: {exc}", err=True)
        sys.exit(2)
    for result in results:
        count = len(result.applied)
        click.echo(
            f"{result.app_name}: {count} migration(s) applied"
            if count
            else f"{result.app_name}: up to date"
        )


@heaolu.command(help="Migrate and fill the database with a demo Tartu county (idempotent).")
@click.option(
    "--password",
    default=DEFAULT_DEMO_PASSWORD,
    show_default=True,
    help="The password every demo account shares.",
)
@click.option(
    "--scale",
    type=click.Choice(["small", "county", "county-tenth"]),
    default="small",
    show_default=True,
    help="small: a few institutions; county: the whole county; county-tenth: the whole "
    "county's institutions and staff with a tenth of its children and cases.",
)
@click.option(
    "--reset",
    is_flag=True,
    help="Empty the whole database first (after asking), so the demo starts afresh.",
)
@click.option("--yes", is_flag=True, help="With --reset: do not ask.")
@pass_runtime
def demo(runtime: Runtime, password: str, scale: str, reset: bool, yes: bool) -> None:
    ctx = DemoContext(
        scale="small" if scale == "small" else "county",
        password=password,
        plugins=runtime.plugins,
        share=0.1 if scale == "county-tenth" else 1.0,
    )
    engine = db.engine_for(runtime.settings)
    if reset:
        name = database_name(runtime.settings.database_url)
        if not yes:
            click.confirm(
                f"Delete everything in the database {name}, not only the demo, and start afresh?",
                abort=True,
            )

    async def work() -> bool:
        if reset:
            await empty_database(engine)
        await migrate(runtime.plugins)
        already_there = await demo_is_there()
        async with engine.transaction():
            for _plugin, result in runtime.plugins.collect("heaolu_demo_data", ctx=ctx):
                if asyncio.iscoroutine(result):
                    await result
            # After every plugin's data: the cases follow the workflows the plugins give.
            await seed_county_cases(ctx)
        return already_there

    if runtime.run(work):
        click.echo(
            "The demo data is already in this database: it was kept as it is. To start "
            "afresh, run `heaolu demo --reset` (it empties the whole database first)."
        )
    click.echo(
        f"Demo data ({scale}): {len(ctx.municipalities)} municipalities, "
        f"{len(ctx.organisations)} organisations (sample data)."
    )
    if ctx.accounts:
        click.echo(f"Demo accounts (password: {password}):")
        for username, purpose in ctx.accounts:
            click.echo(f"  {username:28} {purpose}")
    else:
        click.echo("Demo accounts: none yet.")


@heaolu.command(help="Create a user (the first administrator, for example).")
@click.argument("username")
@click.option("--name", "full_name", required=True, help="The person's full name.")
@click.option("--email", default="")
@click.option(
    "--organisation",
    "organisation_id",
    type=int,
    default=None,
    help="Organisation id for the membership (default: the county union).",
)
@click.option("--role", default=SYSTEM_ADMIN_ROLE, show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@pass_runtime
def createuser(
    runtime: Runtime,
    username: str,
    full_name: str,
    email: str,
    organisation_id: int | None,
    role: str,
    password_stdin: bool,
) -> None:
    if role not in runtime.plugins.roles:
        raise click.UsageError(f"unknown role {role!r}; roles: {', '.join(runtime.plugins.roles)}")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)

    async def work() -> str | None:
        async with db.engine_for(runtime.settings).transaction():
            problems = password_problems(password, await context_words(username, full_name, email))
            if problems:
                return " ".join(problems)
            return await create_user(username, full_name, email, password, organisation_id, role)

    problem = runtime.run(work)
    if problem:
        raise click.ClickException(problem)
    click.echo(f"created {username.lower()} ({role})")


@heaolu.command("import", help="Import organisations, staff or children from a CSV file.")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--municipality", required=True, help="The municipality's name, e.g. 'Elva vald'.")
@click.option("--dry-run", is_flag=True, help="Check every row and import nothing.")
@pass_runtime
def import_command(
    runtime: Runtime, kind: str, path: Path, municipality: str, dry_run: bool
) -> None:
    async def work() -> Report:
        async with db.engine_for(runtime.settings).transaction():
            return await run_import(runtime.plugins, kind, path, municipality, dry_run)

    try:
        report = runtime.run(work)
    except CsvImportError as exc:
        raise click.ClickException(str(exc)) from None
    for line, problem in report.problems:
        click.echo(f"line {line}: {problem}", err=True)
    for line, note in report.skipped:
        click.echo(f"line {line}: skipped: {note}")
    if report.problems:
        click.echo(
            f"{len(report.problems)} of {report.rows} rows are bad: nothing imported.", err=True
        )
        sys.exit(1)
    verb = "would import" if dry_run else "imported"
    click.echo(
        f"{kind}: {report.rows} rows read, {verb} "
        f"{report.rows - len(report.skipped) if dry_run else report.imported}, "
        f"skipped {len(report.skipped)}."
    )


# What `heaolu retention` calls each kind it counts.
RETENTION_KINDS = {
    "children": "children",
    "enrolments": "enrolments",
    "guardian_links": "guardian links",
    "corrections": "corrections",
    "consents": "consents and refusals",
    "overrides": "sharing without consent",
    "cases": "cases",
    "case_entries": "case timeline entries",
    "form_submissions": "filled-in forms",
    "reports": "noticing reports",
    "attachments": "files",
    "guardians": "guardians left without children",
    "sessions": "expired sessions",
    "throttle_rows": "old login-throttle rows",
    "submission_keys": "used one-time submission keys",
}


@heaolu.command(help="Remove records past their retention period (see docs/data-protection.md).")
@click.option("--dry-run", "mode", flag_value="dry-run", help="Report what would be removed.")
@click.option("--apply", "mode", flag_value="apply", help="Remove it.")
@pass_runtime
def retention(runtime: Runtime, mode: str | None) -> None:
    if mode is None:
        raise click.UsageError("say --dry-run or --apply")

    async def work() -> RetentionReport:
        # It reads, then deletes: on SQLite, take the write lock first (a live site writes too).
        async with db.write_transaction(db.engine_for(runtime.settings)):
            return await apply_retention(runtime.settings, apply=mode == "apply")

    report = runtime.run(work)
    verb = "removed" if mode == "apply" else "would remove"
    click.echo(
        f"{verb} (children who left every kindergarten and school more than "
        f"{runtime.settings.retention_years} years ago, with their records, and cases "
        "closed as long ago):"
    )
    for kind, count in report.counts():
        click.echo(f"  {RETENTION_KINDS[kind]}: {count}")


@heaolu.command("plugins", help="List the loaded plugins, their versions and hooks.")
@pass_runtime
def plugins_command(runtime: Runtime) -> None:
    for info in runtime.plugins.infos:
        origin = "built-in" if info.builtin else "third-party"
        click.echo(f"{info.name} {info.version} ({origin}, {info.module})")
        for hook in info.hooks:
            click.echo(f"    {hook}")


@heaolu.group(help="Make plugins.")
def plugin() -> None:
    pass


@plugin.command("new", help="Make plugin NAME as an installable package (see docs/plugins.md).")
@click.argument("name")
@click.option(
    "--directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(),
    show_default=True,
    help="Where the package's folder heaolu-NAME is made.",
)
@pass_runtime
def plugin_new(runtime: Runtime, name: str, directory: Path) -> None:
    try:
        target = scaffold(name, directory, taken_names(runtime.plugins.names))
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"made {target}: install it with `pip install -e {target}`, then `heaolu migrate`")


@heaolu.command(help="Refuse settings that are unsafe in production (exit code 1).")
@pass_runtime
def check(runtime: Runtime) -> None:
    problems = runtime.settings.production_problems()
    for problem in problems:
        click.echo(f"unsafe: {problem}", err=True)
    if problems:
        sys.exit(1)
    click.echo(f"ok: settings are fit for production; plugins: {', '.join(runtime.plugins.names)}")


@heaolu.command(
    help="Copy the whole database to PATH, a new file, while the site runs (SQLite: the online "
    "backup API; PostgreSQL: pg_dump --format=custom)."
)
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@pass_runtime
def backup(runtime: Runtime, path: Path) -> None:
    try:
        size = back_up(runtime.settings, path)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"backed up {database_name(runtime.settings.database_url)} to {path} ({size} bytes)")


@heaolu.command(
    help="Put the backup PATH into the configured database, which must be new (SQLite: no "
    "file yet; PostgreSQL: no tables). Run `heaolu migrate` after it."
)
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_runtime
def restore(runtime: Runtime, path: Path) -> None:
    try:
        restored = restore_backup(runtime.settings, path)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    counts = ", ".join(f"{count} {label}" for label, count in restored.counts.items())
    click.echo(f"restored {path} into {database_name(runtime.settings.database_url)}: {counts}")
    click.echo("next: `heaolu migrate` (a backup of an older release gets its new migrations)")


@heaolu.group(help="The audit log: seal its hash chain, verify the chain, prune old rows.")
def audit() -> None:
    pass


@audit.command("seal", help="Link the audit rows written since the last run into the chain.")
@click.option("--batch", default=DEFAULT_BATCH, show_default=True, type=click.IntRange(min=1))
@pass_runtime
def audit_seal(runtime: Runtime, batch: int) -> None:
    click.echo(f"sealed {runtime.run(lambda: seal_all(batch))} row(s)")


# Exit statuses of `heaolu audit verify` besides 0 (intact).
CHAIN_BROKEN = 1
UNSEALED_BELOW_HEAD = 3


@audit.command(
    "verify",
    help="Recompute the audit log's hash chain. Exit status 1: the chain is broken; "
    "3: it is whole but rows below its head are unsealed.",
)
@pass_runtime
def audit_verify(runtime: Runtime) -> None:
    report: VerifyReport = runtime.run(verify)
    if not report.intact:
        click.echo(
            f"broken: the chain breaks at row {report.first_broken}: that row or the one before "
            "it was changed, removed or added behind the application's back",
            err=True,
        )
        sys.exit(CHAIN_BROKEN)
    click.echo(f"ok: {report.sealed} rows chained")
    if report.head_id is not None:
        click.echo(f"head: row {report.head_id}, hash {report.head_hash}")
    if report.anchor != GENESIS:
        click.echo(f"anchor: older rows were pruned; the chain starts from {report.anchor}")
    pending = report.unsealed - len(report.below_head)
    if pending:
        click.echo(f"{pending} newer row(s) not sealed yet")
    if report.below_head:
        ids = ", ".join(str(row_id) for row_id in report.below_head)
        click.echo(
            f"unsealed rows below the chain head: {ids} (a late commit, or rows added behind "
            "the application's back)",
            err=True,
        )
        sys.exit(UNSEALED_BELOW_HEAD)


@audit.command("prune", help="Delete the audit rows older than HEAOLU_AUDIT_RETENTION_DAYS.")
@click.option("--dry-run", is_flag=True, help="Only count the rows that would be deleted.")
@pass_runtime
def audit_prune(runtime: Runtime, dry_run: bool) -> None:
    days = runtime.settings.audit_retention_days
    result = runtime.run(lambda: prune(days, dry_run=dry_run))
    click.echo(
        f"{'would delete' if dry_run else 'deleted'} {result.rows} row(s) older than "
        f"{result.cutoff.isoformat(timespec='seconds')} (retention: {days} days)"
    )


@heaolu.group(help="Background jobs: reminders, e-mail, deadline checks.")
def jobs() -> None:
    pass


# Database connections a job runner keeps open (PostgreSQL).
JOB_RUNNER_POOL_SIZE = 2


@jobs.command(
    "run", help="One pass: enqueue the periodic jobs, run every due job, exit (for cron)."
)
@pass_runtime
def jobs_run(runtime: Runtime) -> None:
    configure_logging(runtime.settings.debug)

    async def one_pass() -> PassReport:
        engine = db.engine_for(runtime.settings)
        await db.start(engine, JOB_RUNNER_POOL_SIZE)
        try:
            runner = JobRunner(runtime.plugins.job_handlers, runtime.plugins.periodic_jobs)
            return await runner.run_pass()
        finally:
            await db.stop(engine)

    report = runtime.run(one_pass)
    click.echo(f"jobs: {report.done} done, {report.retried} to be retried, {report.failed} failed")


@jobs.command("worker", help="Run jobs until SIGTERM or SIGINT, making a pass every few seconds.")
@click.option(
    "--interval",
    default=5.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds between passes.",
)
@pass_runtime
def jobs_worker(runtime: Runtime, interval: float) -> None:
    configure_logging(runtime.settings.debug)

    async def until_stopped() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signal_number in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signal_number, stop.set)
        engine = db.engine_for(runtime.settings)
        await db.start(engine, JOB_RUNNER_POOL_SIZE)
        try:
            runner = JobRunner(runtime.plugins.job_handlers, runtime.plugins.periodic_jobs)
            click.echo(f"jobs worker {runner.owner}: started")
            await work(runner, stop, interval)
        finally:
            await db.stop(engine)

    runtime.run(until_stopped)
    click.echo("jobs worker: stopped")


@jobs.command("list", help="Count the jobs by kind and status.")
@pass_runtime
def jobs_list(runtime: Runtime) -> None:
    rows = runtime.run(job_counts)
    if not rows:
        click.echo("no jobs")
    for row in rows:
        click.echo(f"{row['kind']:40} {row['status']:8} {row['count']:>8}")


def main(argv: Sequence[str] | None = None) -> None:
    try:
        settings = Settings.from_env()
        plugins = build_plugins(settings)
    except (SettingsError, PluginError) as exc:
        click.echo(f"heaolu: {exc}", err=True)
        sys.exit(2)
    plugins.collect("heaolu_cli", group=heaolu)
    heaolu.main(args=argv, obj=Runtime(settings, plugins), prog_name="heaolu")
