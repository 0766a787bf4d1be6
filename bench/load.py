"""100 staff at once, nothing lost: `python -m bench.load --staff 100 --seconds 300`.

Simulated staff browse a real server (`heaolu serve`, started here on the database) and write
what staff write all day: timeline entries, tasks, round tables and their agreements, form
submissions, each write with its own one-time submission key. A write the server does not
answer (the connection dropped) or answers 503 is sent again with the same key, as a browser's
user would press the button again; it is acknowledged once the server answers it with its
redirect (303). Afterwards the database is read directly:

- every acknowledged write is there exactly once, with the audit row its request wrote;
- no write is half there: a record is stored exactly when its key was claimed (both in the
  write's transaction), and there are as many write audit rows as stored records;
- unacknowledged writes are counted (stored or not: a server killed between its commit and its
  answer stores a write nobody was told about, which is no loss);
- no answer was 500 or more (a 503 while the database is down is counted as such).

The staff are the demo's (`heaolu demo`): every person who works on an open case (its
responsible person or a participant with an account), each simulated person with a session of
their own (made directly in the database, as the login form makes one), on one of those cases.
Each turn they open the case, browse one more page, write one thing and wait ``--think``
seconds on average between requests. The tests run it for 30 seconds
(`tests/core/test_load.py`) and for the faults (`tests/core/test_faults.py`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from bench.accounts import csrf_from, session_cookie
from core.auth.submissions import new_key
from core.request_id import HEADER

HEAOLU = str(Path(sys.executable).parent / "heaolu")
ROOT = Path(__file__).resolve().parent.parent
KINDS = ("entry", "task", "round_table", "agreement", "form")
# The audit actions of those writes: one row each, in the write's transaction.
WRITE_ACTIONS = ("case.updated", "form_submission.created")
MARKER = "Koormustest"  # sample text of the load test's writes, with the write's key
_MARKED = re.compile(MARKER + r" [a-z_]+ ([A-Za-z0-9_-]{16,64})")
_FORM_LINK = r'href="/forms/cases/{case}/new/([\w.]+)"'
# Form field types the load fills in, and with what (text fields get the write's marker).
_FILLED = {"choice", "multiple_choice", "yes_no", "scale", "date", "text", "long_text"}
TIMEOUT_SECONDS = 60.0
# A write the server did not answer (or answered 503) is sent again, this many times at most,
# a second apart: long enough for a killed server to be started again.
ATTEMPTS = 15
RETRY_SECONDS = 1.0
BROWSED = ("/", "/cases", "/cases/{case}/timeline", "/children/{child}")


@dataclass
class Write:
    kind: str
    key: str
    attempts: int = 0
    acknowledged: bool = False
    request_id: str = ""


@dataclass
class Person:
    """One simulated member of staff, on one case."""

    username: str
    user_id: int
    case_id: int
    child_id: int
    cookie: str = ""
    kinds: tuple[str, ...] = ("entry", "task")
    form: tuple[str, dict[str, str]] | None = None
    round_table: int | None = None


@dataclass
class Tally:
    statuses: Counter[str] = field(default_factory=Counter)
    unanswered: int = 0
    # Writes sent and not answered yet (being sent again included).
    writing: int = 0
    latencies: list[float] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return sum(self.statuses.values()) + self.unanswered


@dataclass
class Findings:
    """What the database holds of the writes."""

    stored: dict[str, int]
    claimed: set[str]
    audited: set[str]
    write_audit_rows: int

    def problems(self, tally: Tally) -> list[str]:
        problems = []
        for write in tally.writes:
            found = self.stored.get(write.key, 0)
            if write.acknowledged and found != 1:
                problems.append(f"acknowledged {write.kind} {write.key} stored {found} times")
            # Sent again, it may have been stored by an earlier request than the one that was
            # answered (a repeat is answered like the first): the count below covers it.
            first = write.attempts == 1
            if write.acknowledged and first and write.request_id not in self.audited:
                problems.append(f"acknowledged {write.kind} {write.key} has no audit row")
            if found > 1:
                problems.append(f"{write.kind} {write.key} stored {found} times")
            if (found > 0) != (write.key in self.claimed):
                problems.append(f"{write.kind} {write.key} half-written: record and key disagree")
        records = sum(self.stored.values())
        if records != self.write_audit_rows:
            problems.append(f"{records} records stored but {self.write_audit_rows} audit rows")
        errors = {status: n for status, n in tally.statuses.items() if int(status) >= 500}
        if errors:
            problems.append(f"answers >= 500: {errors}")
        return problems


def _by_class(statuses: Counter[str]) -> dict[str, int]:
    classes: Counter[str] = Counter()
    for status, count in statuses.items():
        classes[status[0] + "xx"] += count
    return dict(sorted(classes.items()))


# --- The database side -------------------------------------------------------------------------


def bind(database_url: str) -> Any:
    """Bind every table of the installed plugins to ``database_url``; returns the plugins."""
    from core import db
    from core.plugins import build_plugins
    from core.settings import Settings

    settings = Settings.from_env({**os.environ, "HEAOLU_DATABASE_URL": database_url})
    plugins = build_plugins(settings)
    db.bind_tables(db.engine_for(settings), plugins.piccolo_apps)
    return plugins


async def staff(count: int) -> list[Person]:
    """``count`` simulated people, taking turns among everyone who works on an open case."""
    from core.cases.tables import Case, CaseParticipant

    cases = await Case.select(
        Case.id, Case.child, Case.responsible, Case.responsible.username.as_alias("username")
    ).where(Case.status == "open")
    workers = [(row["username"], row["responsible"], row["id"], row["child"]) for row in cases]
    children = {row["id"]: row["child"] for row in cases}
    participants = await CaseParticipant.select(
        CaseParticipant.case,
        CaseParticipant.user,
        CaseParticipant.user.username.as_alias("username"),
    ).where(CaseParticipant.user.is_not_null() & CaseParticipant.case.is_in(list(children) or [0]))
    workers += [
        (row["username"], row["user"], row["case"], children[row["case"]])
        for row in participants
        if row["user"] != next(c["responsible"] for c in cases if c["id"] == row["case"])
    ]
    assert workers, "no one works on an open case: run `heaolu demo` first"
    people = [Person(*workers[n % len(workers)]) for n in range(count)]
    for person in people:
        person.cookie = await session_cookie(person.username)
    return people


async def form_schemas() -> dict[str, list[dict[str, Any]]]:
    """The fields of each form's latest version, for the forms the load can fill in."""
    import json

    from core.forms.tables import FormVersion

    latest: dict[str, tuple[int, list[dict[str, Any]]]] = {}
    for row in await FormVersion.select(FormVersion.key, FormVersion.version, FormVersion.schema):
        schema = json.loads(row["schema"]) if isinstance(row["schema"], str) else row["schema"]
        if row["key"] not in latest or latest[row["key"]][0] < row["version"]:
            latest[row["key"]] = (row["version"], schema.get("fields", []))
    return {
        key: fields
        for key, (_version, fields) in sorted(latest.items())
        if all(f["type"] in _FILLED or not f.get("required") for f in fields)
        and any(f["type"] in {"text", "long_text"} for f in fields)
    }


def _tables() -> dict[str, tuple[Any, Any]]:
    """Each kind of write: its table and the column its marker is written to."""
    from core.cases.tables import CaseEntry, PlanTask
    from core.forms.tables import FormSubmission

    tables = {
        "entry": (CaseEntry, CaseEntry.body),
        "task": (PlanTask, PlanTask.title),
        "form": (FormSubmission, FormSubmission.data),
    }
    with contextlib.suppress(ImportError):
        from plugins.municipality.casework.tables import Agreement, RoundTable

        tables["round_table"] = (RoundTable, RoundTable.place)
        tables["agreement"] = (Agreement, Agreement.text)
    return tables


async def last_ids() -> dict[str, int]:
    """The highest id of every written table and of the audit log, before the load."""
    from core.audit.tables import AuditEvent

    tables = {kind: table for kind, (table, _column) in _tables().items()}
    tables["audit"] = AuditEvent
    last = {}
    for kind, table in tables.items():
        row = await table.select(table.id).order_by(table.id, ascending=False).first()
        last[kind] = row["id"] if row else 0
    return last


async def findings(before: dict[str, int], tally: Tally, users: set[int]) -> Findings:
    from core.audit.tables import AuditEvent
    from core.auth.tables import SubmissionKey

    stored: Counter[str] = Counter()
    for kind, (table, column) in _tables().items():
        for row in await table.select(column).where(table.id > before[kind]):
            # A form's every text field holds its marker: one record, counted once.
            for key in set(_MARKED.findall(str(row[column._meta.name]))):
                stored[key] += 1
    keys = [write.key for write in tally.writes]
    claimed: set[str] = set()
    request_ids = [write.request_id for write in tally.writes if write.acknowledged]
    audited: set[str] = set()
    for start in range(0, max(len(keys), len(request_ids)), 500):
        rows = await SubmissionKey.select(SubmissionKey.key).where(
            SubmissionKey.key.is_in(keys[start : start + 500] or [""])
            & (SubmissionKey.location != "")
        )
        claimed |= {row["key"] for row in rows}
        rows = await AuditEvent.select(AuditEvent.request_id).where(
            AuditEvent.request_id.is_in(request_ids[start : start + 500] or [""])
            & AuditEvent.action.is_in(list(WRITE_ACTIONS))
        )
        audited |= {row["request_id"] for row in rows}
    write_audit_rows = await AuditEvent.count().where(
        (AuditEvent.id > before["audit"])
        & AuditEvent.action.is_in(list(WRITE_ACTIONS))
        & AuditEvent.user_id.is_in(sorted(users))
    )
    return Findings(dict(stored), claimed, audited, write_audit_rows)


# --- The staff ---------------------------------------------------------------------------------


class Load:
    """The simulated staff against the server at ``base_url``."""

    def __init__(self, base_url: str, people: list[Person], think: float, seed: int = 1):
        self.base_url, self.people, self.think = base_url, people, think
        self.tally = Tally()
        self.random = random.Random(seed)

    async def prepare(self, schemas: dict[str, list[dict[str, Any]]]) -> None:
        """What each person may write on their case, as its pages show it (before the clock):
        asked once for each person and case."""
        found: dict[tuple[str, int], tuple[tuple[str, ...], Any]] = {}
        async with self._client() as client:
            for person in self.people:
                pair = (person.username, person.case_id)
                if pair not in found:
                    client.headers["cookie"] = person.cookie
                    found[pair] = await self._may_write(client, person.case_id, schemas)
                person.kinds, person.form = found[pair]

    async def _may_write(
        self, client: httpx.AsyncClient, case_id: int, schemas: dict[str, list[dict[str, Any]]]
    ) -> tuple[tuple[str, ...], tuple[str, dict[str, str]] | None]:
        page = await client.get(f"/cases/{case_id}")
        assert page.status_code == 200, (case_id, page.status_code)
        kinds = ["entry", "task"]
        tables = await client.get(f"/municipality/cases/{case_id}/round-tables")
        if f'action="/municipality/cases/{case_id}/round-tables"' in tables.text:
            kinds += ["round_table", "agreement"]
        fillable = re.findall(_FORM_LINK.format(case=case_id), page.text)
        chosen = next((key for key in fillable if key in schemas), None)
        if chosen is None:
            return tuple(kinds), None
        return (*kinds, "form"), (chosen, _answers(schemas[chosen]))

    async def run(self, seconds: float) -> Tally:
        deadline = time.monotonic() + seconds
        await asyncio.gather(
            *(self._work(n, person, deadline) for n, person in enumerate(self.people))
        )
        return self.tally

    def _client(self, cookie: str = "") -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=self.base_url, headers={"cookie": cookie}, timeout=TIMEOUT_SECONDS
        )

    async def _pause(self) -> None:
        await asyncio.sleep(self.random.uniform(0, 2 * self.think))

    async def _work(self, number: int, person: Person, deadline: float) -> None:
        await asyncio.sleep(self.random.uniform(0, self.think))
        turn = number
        async with self._client(person.cookie) as client:
            while time.monotonic() < deadline:
                page = await self._send(client, "GET", f"/cases/{person.case_id}")
                if page is None or page.status_code != 200:
                    # Down, or not answering: wait as a person would before trying again.
                    await asyncio.sleep(RETRY_SECONDS)
                    continue
                await self._pause()
                browsed = BROWSED[turn % len(BROWSED)]
                await self._send(
                    client, "GET", browsed.format(case=person.case_id, child=person.child_id)
                )
                await self._pause()
                kind = person.kinds[turn % len(person.kinds)]
                if kind == "agreement" and person.round_table is None:
                    kind = "round_table"
                await self._write(client, person, kind, csrf_from(page.text))
                await self._pause()
                turn += 1

    async def _send(
        self, client: httpx.AsyncClient, method: str, path: str, **data: Any
    ) -> httpx.Response | None:
        started = time.monotonic()
        try:
            answer = await client.request(method, path, **data)
        except httpx.TransportError:
            self.tally.unanswered += 1
            return None
        self.tally.latencies.append(time.monotonic() - started)
        self.tally.statuses[str(answer.status_code)] += 1
        return answer

    async def _write(
        self, client: httpx.AsyncClient, person: Person, kind: str, token: str
    ) -> None:

        write = Write(kind, new_key())
        self.tally.writes.append(write)
        path, fields = _form_of(person, kind, f"{MARKER} {kind} {write.key}")
        data = {**fields, "_csrf_token": token, "_submission_key": write.key}
        self.tally.writing += 1
        try:
            while write.attempts < ATTEMPTS:
                write.attempts += 1
                answer = await self._send(client, "POST", path, data=data)
                if answer is not None and answer.status_code == 303:
                    write.acknowledged = True
                    write.request_id = answer.headers.get(HEADER, "")
                    if kind == "round_table":
                        person.round_table = int(answer.headers["location"].rsplit("/", 1)[-1])
                    return
                if answer is not None and answer.status_code != 503:
                    return
                await asyncio.sleep(RETRY_SECONDS)
        finally:
            self.tally.writing -= 1


def _answers(fields: list[dict[str, Any]]) -> dict[str, str]:
    """A form's answers: text fields get the marker (``{marker}``), choices their first option."""
    answers = {}
    for item in fields:
        kind, name = item["type"], f"f.{item['key']}"
        if kind in {"text", "long_text"}:
            answers[name] = "{marker}"
        elif kind in {"choice", "multiple_choice"} and item.get("options"):
            answers[name] = item["options"][0]["key"]
        elif kind == "yes_no":
            answers[name] = "yes"
        elif kind == "scale":
            answers[name] = "5"
        elif kind == "date":
            answers[name] = date.today().strftime("%d.%m.%Y")
    return answers


def _form_of(person: Person, kind: str, marker: str) -> tuple[str, dict[str, str]]:
    """The address and fields of one write of ``kind`` by ``person``."""
    case = person.case_id
    today = date.today()
    if kind == "entry":
        return f"/cases/{case}/entries", {"kind": "note", "body": marker, "sensitivity": "none"}
    if kind == "task":
        return f"/cases/{case}/tasks", {"title": marker, "goal": "", "owner": "", "due_on": ""}
    if kind == "round_table":
        return f"/municipality/cases/{case}/round-tables", {
            "held_on": today.strftime("%d.%m.%Y"),
            "starts_at": "",
            "place": marker,
            "purpose": "",
            "convener": str(person.user_id),
            "minutes_taker": "",
        }
    if kind == "agreement":
        return f"/municipality/cases/{case}/round-tables/{person.round_table}/agreements", {
            "text": marker,
            "responsible": str(person.user_id),
            "due_on": (today + timedelta(days=14)).strftime("%d.%m.%Y"),
        }
    assert person.form is not None
    key, answers = person.form
    return f"/forms/cases/{case}/new/{key}", {
        name: value.format(marker=marker) for name, value in answers.items()
    }


# --- The report --------------------------------------------------------------------------------


@dataclass
class Report:
    tally: Tally
    findings: Findings
    seconds: float

    @property
    def problems(self) -> list[str]:
        return self.findings.problems(self.tally)

    def lines(self) -> list[str]:
        tally, found = self.tally, self.findings
        acknowledged = Counter(write.kind for write in tally.writes if write.acknowledged)
        unacknowledged = [write for write in tally.writes if not write.acknowledged]
        stored_unacknowledged = sum(1 for write in unacknowledged if write.key in found.stored)
        once = sum(
            1 for write in tally.writes if write.acknowledged and found.stored.get(write.key) == 1
        )
        missing = sum(
            1 for write in tally.writes if write.acknowledged and write.key not in found.stored
        )
        duplicated = sum(1 for count in found.stored.values() if count > 1)
        latencies = sorted(tally.latencies) or [0.0]
        p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 1 else latencies[0]
        return [
            f"requests: {tally.requests} in {self.seconds:.0f} s "
            f"({tally.requests / max(self.seconds, 1):.0f}/s), unanswered {tally.unanswered}",
            f"answers by class: {_by_class(tally.statuses)}",
            "acknowledged writes: "
            + ", ".join(f"{kind} {acknowledged[kind]}" for kind in KINDS if acknowledged[kind])
            + f" (total {sum(acknowledged.values())})",
            f"writes sent more than once: {sum(1 for write in tally.writes if write.attempts > 1)}",
            f"unacknowledged writes: {len(unacknowledged)} "
            f"({stored_unacknowledged} of them stored all the same)",
            f"acknowledged writes found exactly once: {once}, missing: {missing}, "
            f"duplicated: {duplicated}",
            f"latency: median {statistics.median(latencies) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms",
            f"problems: {len(self.problems)}",
            *(f"  {problem}" for problem in self.problems[:20]),
        ]


async def measure(
    base_url: str,
    database_url: str,
    count: int,
    seconds: float,
    think: float,
    during: Callable[[Tally], Awaitable[None]] | None = None,
) -> Report:
    """Run ``count`` staff for ``seconds`` against the server at ``base_url`` on
    ``database_url``, then read what the database holds. ``during``, when given, runs beside
    the staff with their running tally: a fault the tests inject."""
    bind(database_url)
    people = await staff(count)
    load = Load(base_url, people, think)
    await load.prepare(await form_schemas())
    before = await last_ids()
    started = time.monotonic()
    work = [load.run(seconds)] + ([during(load.tally)] if during is not None else [])
    await asyncio.gather(*work)
    elapsed = time.monotonic() - started
    users = {person.user_id for person in people}
    return Report(load.tally, await findings(before, load.tally, users), elapsed)


# --- The server --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """`heaolu serve --workers N` on ``database_url`` and a free port, its output in a log file
    (removed when the server stops, unless ``keep_log``)."""

    def __init__(self, database_url: str, workers: int = 1, keep_log: bool = False, **env: str):
        self.database_url, self.workers, self.env = database_url, workers, env
        self.keep_log = keep_log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = Path(tempfile.mkstemp(prefix="heaolu-serve-", suffix=".log")[1])
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [HEAOLU, "serve", "--port", str(self.port), "--workers", str(self.workers)]
        env = _environment({"HEAOLU_DATABASE_URL": self.database_url, **self.env})
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=log)
        self.wait_until_serving()

    def wait_until_serving(self, seconds: float = 30) -> None:
        stop = time.monotonic() + seconds
        while time.monotonic() < stop:
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{self.url}/-/ping").status_code == 200:
                    return
            time.sleep(0.1)
        raise RuntimeError(f"the server did not start; see {self.log}")

    def workers_pids(self) -> list[int]:
        """The processes that answer requests: the server itself with one worker, else its
        worker processes (uvicorn's supervisor starts them)."""
        assert self.process is not None
        if self.workers == 1:
            return [self.process.pid]
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        return [
            int(pid)
            for pid in children.split()
            if "multiprocessing.spawn" in Path(f"/proc/{pid}/cmdline").read_text()
        ]

    def kill(self) -> None:
        """SIGKILL the server (every process of it)."""
        assert self.process is not None
        for pid in self.workers_pids() if self.workers > 1 else []:
            os.kill(pid, signal.SIGKILL)
        self.process.kill()
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        if not self.keep_log:
            self.log.unlink(missing_ok=True)


@contextlib.contextmanager
def serving(
    database_url: str, workers: int = 1, keep_log: bool = False, **env: str
) -> Iterator[Server]:
    server = Server(database_url, workers, keep_log, **env)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _environment(env: dict[str, str]) -> dict[str, str]:
    """The environment of a ``heaolu`` command: this checkout's code first on the path."""
    path = [str(ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, **env, "PYTHONPATH": os.pathsep.join(path)}


def demo_database(directory: Path | None = None) -> str:
    """A new SQLite file with the demo (`heaolu demo`), in ``directory`` or a new one."""
    directory = directory or Path(tempfile.mkdtemp(prefix="heaolu-load-"))
    url = f"sqlite:///{directory / 'load.db'}"
    made = subprocess.run(
        [HEAOLU, "demo"], env=_environment({"HEAOLU_DATABASE_URL": url}), capture_output=True
    )
    assert made.returncode == 0, made.stderr.decode()
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between requests")
    parser.add_argument(
        "--database-url",
        help="a database `heaolu demo` made (default: a new SQLite file with the demo)",
    )
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    url = args.database_url or demo_database()
    with serving(url, args.workers, keep_log=True) as server:
        report = asyncio.run(measure(server.url, url, args.staff, args.seconds, args.think))
    kind = "SQLite" if url.startswith("sqlite") else "PostgreSQL"
    print(f"load: {args.staff} staff for {args.seconds:.0f} s on {kind}, {args.workers} worker(s)")
    print(f"  server log: {server.log}")
    for line in report.lines():
        print(f"  {line}")
    sys.exit(1 if report.problems else 0)


if __name__ == "__main__":
    main()
