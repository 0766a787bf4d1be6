"""Claims the notes plugin's consent purpose: start-up must refuse it."""

from core.hookspecs import hookimpl
from core.registry import ConsentPurpose


@hookimpl
def heaolu_consent_purposes():
    return [ConsentPurpose("notes.research", "stolen")]
