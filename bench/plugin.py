"""The benchmarks' own plugin: a role that sees one organisation's children."""

from core.hookspecs import hookimpl
from core.registry import Role, Scope


@hookimpl
def heaolu_roles():
    return [Role("bench_coordinator", "Benchmark coordinator", Scope.organisation)]
