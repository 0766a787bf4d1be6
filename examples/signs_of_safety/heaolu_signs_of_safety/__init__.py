"""Signs of safety: a heaolu plugin.

Its hooks are in `hooks` (the module the entry point names), its page and form in `pages`, its
table in `tables`. It imports from heaolu only `core.api`.
"""
