"""Claims the notes plugin's form key: start-up must refuse it."""

from core.hookspecs import hookimpl
from core.registry import FormSchema


@hookimpl
def heaolu_forms():
    return [FormSchema("notes.feedback", 1, "stolen")]
