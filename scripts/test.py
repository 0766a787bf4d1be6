"""The README's test command: lint, type-check, install the example third-party plugin
(`examples/signs_of_safety`, editable, so the suite loads it and runs its own tests), then the
suite on SQLite and on PostgreSQL, the two runs side by side.

Browser tests need Chromium: installed from Debian's packages when missing and we are root,
otherwise skipped with a message. With CI=true a missing browser or PostgreSQL is a failure.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time

CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
BIN = os.path.dirname(sys.executable)
# Third-party plugins the suite installs and tests (their tests dirs are in pytest's testpaths).
EXAMPLES = ("examples/signs_of_safety",)
# The checkout's Python packages.
COMPILED = ("core", "plugins", "examples", "tests", "bench", "scripts")


def say(message: str) -> None:
    print(f"\n=== {message}", flush=True)


def run(*command: str, env: dict[str, str] | None = None) -> None:
    result = subprocess.run(command, env=env, check=False)  # noqa: S603
    if result.returncode != 0:
        say(f"FAILED: {' '.join(command)} (exit {result.returncode})")
        sys.exit(result.returncode)


def run_side_by_side(runs: dict[str, dict[str, str]], pytest_args: list[str]) -> None:
    """Run pytest once per database at the same time (each run is one process on one core),
    each into a log of its own; print each log whole when its run ends, then fail if any did."""
    say(f"pytest on {' and '.join(runs)}, side by side")
    failed = []
    with contextlib.ExitStack() as stack:
        logs = {name: stack.enter_context(tempfile.TemporaryFile(mode="w+")) for name in runs}
        processes = {
            name: subprocess.Popen(  # noqa: S603
                [f"{BIN}/python", "-m", "pytest", *pytest_args],
                env=environment,
                stdout=logs[name],
                stderr=subprocess.STDOUT,
            )
            for name, environment in runs.items()
        }
        for name, process in processes.items():
            code = process.wait()
            say(f"pytest on {name} (exit {code})")
            logs[name].seek(0)
            sys.stdout.write(logs[name].read())
            sys.stdout.flush()
            if code != 0:
                failed.append(f"pytest on {name} (exit {code})")
    if failed:
        say(f"FAILED: {', '.join(failed)}")
        sys.exit(1)


def chromium() -> str | None:
    return os.environ.get("HEAOLU_CHROMIUM") or shutil.which("chromium")


def ensure_chromium() -> bool:
    if chromium():
        return True
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("Chromium is missing: installing Debian's chromium package")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)  # noqa: S607
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "chromium"],  # noqa: S607
            env=env,
            check=False,
        )
    return chromium() is not None


def postgres_reachable(url: str) -> bool:
    import asyncpg

    async def probe() -> None:
        connection = await asyncpg.connect(url, timeout=5)
        await connection.close()

    try:
        asyncio.run(probe())
    except Exception as exc:
        say(f"PostgreSQL at {url.split('@')[-1]} is not reachable: {exc}")
        return False
    return True


def main() -> None:
    started = time.monotonic()
    pytest_args = sys.argv[1:]
    say("ruff")
    run(f"{BIN}/ruff", "check", ".")
    run(f"{BIN}/ruff", "format", "--check", ".")
    say("mypy (core)")
    run(f"{BIN}/mypy")
    say("install the example plugins")
    for example in EXAMPLES:
        run(f"{BIN}/python", "-m", "pip", "install", "--quiet", "--no-deps", "-e", example)

    # The suite starts some 200 Python processes (servers, `heaolu` commands): each would
    # compile the checkout's modules anew where the environment says not to cache bytecode
    # (PYTHONDONTWRITEBYTECODE), half a second each. Compiled once here, they are read after.
    run(f"{BIN}/python", "-m", "compileall", "-q", "-j", "0", *COMPILED)

    env = dict(os.environ)
    env.pop("HEAOLU_TEST_DATABASE_URL", None)
    if ensure_chromium():
        env["HEAOLU_CHROMIUM"] = chromium() or ""
    elif CI:
        say("FAILED: Chromium is missing and could not be installed (CI=true)")
        sys.exit(1)
    else:
        say("BROWSER TESTS WILL BE SKIPPED: Chromium is missing (install Debian's chromium)")
        env["HEAOLU_SKIP_BROWSER"] = "1"

    runs = {"SQLite": env}
    postgres_url = os.environ.get("HEAOLU_TEST_DATABASE_URL", DEFAULT_POSTGRES_URL)
    if postgres_reachable(postgres_url):
        # Markup checks (the axe walk over every page type) read the same templates whatever
        # the database, and the crawl that counts each page's statements counts the code's:
        # each runs once, on SQLite, but those marked `markup_second`, which the PostgreSQL
        # run takes so that the two runs end together.
        runs["SQLite"] = {**env, "PYTEST_ADDOPTS": "-m 'not markup_second'"}
        runs["PostgreSQL"] = {
            **env,
            "HEAOLU_TEST_DATABASE_URL": postgres_url,
            "PYTEST_ADDOPTS": "-m 'not markup and not once or markup_second'",
        }
    elif CI:
        say("FAILED: PostgreSQL is required in CI (set HEAOLU_TEST_DATABASE_URL)")
        sys.exit(1)
    else:
        say(
            "POSTGRESQL RUN SKIPPED: set HEAOLU_TEST_DATABASE_URL to a server you may create "
            "databases on"
        )
    # The ten slowest tests of each run, to keep the suite fast.
    run_side_by_side(runs, ["--durations=10", *pytest_args])
    say(f"all checks passed in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
