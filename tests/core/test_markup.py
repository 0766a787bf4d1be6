"""Rules of the templates' markup that a page check could miss because no demo page shows the
case (an error, a conflict): read from every template of core and the built-in plugins."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(
    [*ROOT.glob("core/templates/**/*.html"), *ROOT.glob("plugins/*/templates/**/*.html")]
)
LIST_WITH_ROLE = re.compile(r"<(ul|ol|li)\b[^>]*\brole=", re.IGNORECASE)
REQUIRED_SELECT = re.compile(r"<select\b[^>]*\brequired\b[^>]*>\s*(?P<first>[^\n]{0,18})")


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_the_templates_are_found():
    assert len(TEMPLATES) > 100


@pytest.mark.parametrize("path", TEMPLATES, ids=relative)
def test_lists_keep_their_semantics(path):
    """A role (such as `alert` on an error list) would replace a list's or item's own role: it
    goes on a wrapper instead."""
    assert not LIST_WITH_ROLE.search(path.read_text())


@pytest.mark.parametrize("path", TEMPLATES, ids=relative)
def test_only_the_shell_has_a_live_region(path):
    """A live region replaced by an htmx swap announces nothing: the shell's `#live-region`
    speaks for every swap."""
    if path.name != "base.html":
        assert "aria-live" not in path.read_text()


@pytest.mark.parametrize("path", TEMPLATES, ids=relative)
def test_a_required_select_starts_empty(path):
    for select in REQUIRED_SELECT.finditer(path.read_text()):
        assert select["first"].startswith('<option value=""'), select[0]
