"""Declarative forms: one schema format, versions, submissions, rendering and pages.

A form is a `core.registry.FormSchema` (key, version, title, fields), shipped in code through
``heaolu_forms`` or uploaded as JSON by an administrator (`core.forms.uploads`: keys
``local.*``). Every published version is stored in `FormVersion` and never changes; a
`FormSubmission` keeps the key and version it was filled in and always renders with that
version's schema. Each municipality switches forms on and off (`core.forms.enablement`).

The functions a page calls (none of them checks access or audits: the page has already let the
user see the child or case through `core.access` and records what it does):

``core.forms.enablement``
    ``async form_for(plugins, key, municipality_id) -> FormSchema | None``: the current version
    for the municipality's users; None when unknown or switched off (answer 404 then).
    ``async enabled_forms(plugins, municipality_id) -> set[str]``.
``core.forms.entry``
    ``blank(schema) -> Entry``: a form to fill in.
    ``async parse(schema, form_data) -> Entry``: ``request.form()`` read and checked;
    ``entry.values`` (clean, JSON), ``entry.errors`` (by input name, in the user's language),
    the input as typed for showing it again. Save only when ``entry.ok``: while
    ``entry.refresh`` is true the user asked for another group row or a directory search, and
    the page shows the form again (200), with errors 400.
    ``async prefill(schema, values) -> Entry``: saved values to edit.
``core.forms.submissions``
    ``async submit(plugins, form, values, *, child_id, case_id, author) -> int`` (``author``
    is the request's `CurrentUser`; the author organisation is their active membership's).
    ``async get_submission(id) -> Submission | None``,
    ``async update_submission(plugins, id, expected_version, values, editor) -> bool``
    (False: someone saved first; show `core.conflicts.conflict_page`); both tell the plugins
    enabled where the author's organisation is (``heaolu_after_form_saved``),
    ``async submissions_of_case(case_id) -> list[Submission]``,
    ``async submissions_of_child(child_id, without_case=False) -> list[Submission]``,
    ``async has_submission(case_id, key) -> bool`` (any version; for transitions' ``forms``).
``core.forms.versions``
    ``async stored_version(key, version)``, ``async current_version(key)``,
    ``async versions_of(key)`` -> `StoredVersion` (``.schema`` renders old submissions).
``core.forms.display``
    ``async answers(schema, values) -> list[Answer]`` (persons named) and ``as_text(answer)``,
    for read-only views, print views and conflict rows.

Templates: ``forms/_fields.html`` has the macros ``form_fields(entry)`` (every field with its
label, help, required mark and error in place; put it inside your ``<form>``) and
``form_answers(answers)`` (read-only); ``forms/_sheet.html`` is a submission's read-only sheet
and ``forms/_submissions.html`` a list of submissions (``submissions``, ``titles``).

Pages (`core.forms.pages`): ``/forms/children/{id}`` (a child's forms),
``/forms/children/{id}/new/{key}`` and ``/forms/cases/{id}/new/{key}`` (fill a form in),
``/forms/submissions/{id}`` (view), ``.../print`` (print view) and ``.../edit`` (edit, with
optimistic locking). Administration (`core.forms.admin`): ``/admin/forms/upload``,
``/admin/forms/publish``, ``/admin/forms/{key}`` (versions and previews).
"""
