"""Folding text for search: case- and diacritic-insensitive, so "Õun" finds "oun" and "ÕUN".

Folded copies are stored beside the names they fold and searched by prefix or substring.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case, with diacritics removed (õ ä ö ü -> o a o u, š ž -> s z) and spaces squeezed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.split())


def like_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` folded anywhere, with LIKE's wildcards escaped."""
    folded = fold(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{folded}%"
