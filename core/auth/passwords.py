"""Password hashing (argon2id) and the password policy.

The hash's cost comes from the settings (`core.settings.Argon2Cost`, argon2-cffi's defaults
unless set): `configure` binds it for the process, as the app factory and the command line do.
With the defaults hashing costs about 0.1 s of CPU and 64 MiB, so it runs in a thread of its own
(`CONCURRENT_HASHES` in each worker): a burst of logins queues instead of stalling every other
page. On Linux those threads run at a low CPU priority (`HASHING_NICENESS`; argon2's lane
threads inherit it): a hash takes the CPU that no request is waiting for, and about a tenth of
a normal thread's share when both want it, so 50 logins at once slow the other pages little
(`bench/README.md`, "Login storm") and take a little longer themselves while pages run.
A stored hash made with another cost still verifies, and is made again at the next login.
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from core.i18n import gettext as _
from core.settings import Argon2Cost

MIN_LENGTH = 12
MAX_LENGTH = 1024  # far above the 64 the policy promises; bounds the work per attempt
# One hash at a time in each worker: a hash's four argon2 lanes are four threads, which fill a
# 2-core machine already; a second hash at once only added threads weighing against the pages
# (each at nice 10 still a tenth of a page's thread). 50 logins at once then slowed the pages'
# p95 2.3 and 2.4 times on PostgreSQL (two workers) where two a worker did 2.7 to 3.5 times,
# and took 7.5 to 7.9 s instead of 7.0 to 7.4 (bench/README.md).
CONCURRENT_HASHES = 1

T = TypeVar("T")

# The nice value of the hashing threads: Linux weighs a thread at nice 10 about a tenth of one at
# 0. At 19 (the lowest), a storm of logins took three times as long while pages were requested
# without a pause; at 10 a third longer, with the pages as fast (bench/README.md).
HASHING_NICENESS = 10

_hasher = PasswordHasher()
_threads: ThreadPoolExecutor | None = None


def _lower_priority() -> None:
    """Run this thread (and the threads it starts) at `HASHING_NICENESS`: on Linux a nice
    value belongs to each thread; elsewhere nothing changes."""
    if sys.platform == "linux":
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASHING_NICENESS)


async def _in_hashing_thread(work: Callable[[], T]) -> T:
    global _threads
    if _threads is None:
        _threads = ThreadPoolExecutor(
            CONCURRENT_HASHES, thread_name_prefix="argon2", initializer=_lower_priority
        )
    return await asyncio.get_running_loop().run_in_executor(_threads, work)


def configure(cost: Argon2Cost) -> None:
    """Hash new passwords at ``cost`` in this process."""
    global _hasher
    _hasher = PasswordHasher(
        time_cost=cost.time_cost, memory_cost=cost.memory_kib, parallelism=cost.parallelism
    )
    _dummy_hash.cache_clear()


async def hash_password(password: str) -> str:
    return await _in_hashing_thread(lambda: _hasher.hash(password))


@cache
def _dummy_hash() -> str:
    return _hasher.hash("a password nobody has, to spend the time a real check costs")


async def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; with no hash (unknown user) spend the same time and answer False."""

    def verify() -> bool:
        try:
            return _hasher.verify(password_hash or _dummy_hash(), password) and bool(password_hash)
        except (VerificationError, InvalidHashError):
            return False

    return await _in_hashing_thread(verify)


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


@cache
def _common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # type: ignore[import-untyped]

    return frozenset(FREQUENCY_LISTS["passwords"])


def _letters(text: str) -> str:
    """Lower-case letters only, with diacritics folded (õ -> o): what a guesser varies least."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if c.isalpha() and not unicodedata.combining(c))


# Words of this service that no password may be, whoever's it is.
SERVICE_WORDS = ("heaolu", "tartumaa", "Tartumaa Omavalitsuste Liit", "lastekaitse")


async def context_words(username: str, full_name: str, email: str) -> list[str]:
    """The words a password must not be: the person's names, and the service's and the
    municipalities' names (ASVS V6.1.2)."""
    from core.people.tables import Municipality

    names = [row["name"] for row in await Municipality.select(Municipality.name)]
    return [username, full_name, email, *SERVICE_WORDS, *names]


def password_problems(password: str, context_words: Iterable[str] = ()) -> list[str]:
    """What is wrong with a new password (messages in the user's language); empty if none."""
    if len(password) < MIN_LENGTH:
        return [_("The password must be at least 12 characters long.")]
    if len(password) > MAX_LENGTH:
        return [_("The password may be at most 1024 characters long.")]
    letters = _letters(password)
    if password.lower() in _common_passwords() or letters in _common_passwords():
        return [_("This password is among the most common ones; choose another.")]
    words = {_letters(word) for word in context_words} | {
        _letters(part) for word in context_words for part in re.split(r"[\s.@_-]+", word)
    }
    if letters in {word for word in words if len(word) >= 3}:
        return [
            _(
                "The password must not be your name, user name or a municipality's name "
                "with only digits or marks added."
            )
        ]
    return []
