"""The county plugin: cooperation between the county's municipalities (level 4 of the HOP
model; the cooperation agreement, seed 000, and the HOP report's section 3).

Its parts (``PARTS`` in `hooks.py`, each a `part.Part`) are cross-municipality cases, the
"has this child been noticed with you?" requests, service agreements between municipalities,
the county's contact persons, the county's agreements, its meetings and library, standardised
documents, the competence centre's help and the county dashboard. It touches only this folder
and the hooks; its tables are ``county_*``, its URLs ``/county/...``.
"""

from plugins.county.hooks import (
    heaolu_after_consent_withdrawn,
    heaolu_audit_actions,
    heaolu_audit_object_types,
    heaolu_case_panels,
    heaolu_child_export,
    heaolu_consent_purposes,
    heaolu_dashboard_panels,
    heaolu_demo_data,
    heaolu_job_handlers,
    heaolu_locale_dirs,
    heaolu_merge_children,
    heaolu_nav_items,
    heaolu_periodic_jobs,
    heaolu_permissions,
    heaolu_piccolo_apps,
    heaolu_plugin_description,
    heaolu_roles,
    heaolu_routes,
    heaolu_template_dirs,
)

__all__ = [
    "heaolu_after_consent_withdrawn",
    "heaolu_audit_actions",
    "heaolu_audit_object_types",
    "heaolu_case_panels",
    "heaolu_child_export",
    "heaolu_consent_purposes",
    "heaolu_dashboard_panels",
    "heaolu_demo_data",
    "heaolu_job_handlers",
    "heaolu_locale_dirs",
    "heaolu_merge_children",
    "heaolu_nav_items",
    "heaolu_periodic_jobs",
    "heaolu_permissions",
    "heaolu_piccolo_apps",
    "heaolu_plugin_description",
    "heaolu_roles",
    "heaolu_routes",
    "heaolu_template_dirs",
]
