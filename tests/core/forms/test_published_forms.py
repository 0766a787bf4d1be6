"""A form shipped in code keeps each published version's schema for good: submissions filled in a
version render with its stored schema, so `heaolu migrate` refuses, on a database that has the
version already, a form that changed and kept its number. Fresh test databases never have it:
this test is the one that notices, naming the form.

`published_forms.json` beside it holds the fingerprint (sha256 of the stored JSON) of every
version of core's and the built-in plugins' forms as published. A changed form takes the next
version number, and its fingerprint is added here; the old ones stay."""

import hashlib
import json
from dataclasses import replace
from pathlib import Path

from core.forms.versions import schema_json
from core.plugins import build_plugins

PUBLISHED = Path(__file__).with_name("published_forms.json")


def fingerprint(schema) -> str:
    return hashlib.sha256(schema_json(schema).encode("utf-8")).hexdigest()


def test_no_form_changes_under_a_published_version_number(settings):
    forms = build_plugins(replace(settings, plugins=None)).forms
    published = json.loads(PUBLISHED.read_text())
    unknown = sorted(
        f"{key}@{schema.version}: {fingerprint(schema)}"
        for key, schema in forms.items()
        if f"{key}@{schema.version}" not in published
    )
    assert not unknown, f"new form versions: add them to {PUBLISHED.name}: {unknown}"
    changed = sorted(
        f"{key}@{schema.version}"
        for key, schema in forms.items()
        if published[f"{key}@{schema.version}"] != fingerprint(schema)
    )
    assert not changed, f"changed under a published version number (take the next): {changed}"
