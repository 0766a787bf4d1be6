"""Extends a workflow nobody declares: start-up must refuse it."""

from core.hookspecs import hookimpl
from core.registry import WorkflowExtension


@hookimpl
def heaolu_workflow_extensions():
    return [WorkflowExtension("nobody.workflow")]
