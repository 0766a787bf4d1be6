"""The municipality plugin: the municipality as a whole (level 3 of the HOP model).

Stage-III case management with round tables and followed-up agreements, the cross-sector
network with its meetings and plans, the institution roles map, the transitions overview,
children at home, statistics without personal data, and the Rajaleidja decisions shared with
the municipality. It touches only this folder and the
hooks; its tables are ``municipality_*``, its URLs ``/municipality/...``.
"""

from plugins.municipality.hooks import (
    heaolu_after_form_saved,
    heaolu_audit_actions,
    heaolu_audit_object_types,
    heaolu_case_manager_roles,
    heaolu_case_panels,
    heaolu_case_workflows,
    heaolu_child_export,
    heaolu_commitment_facts,
    heaolu_dashboard_panels,
    heaolu_demo_data,
    heaolu_forms,
    heaolu_job_handlers,
    heaolu_locale_dirs,
    heaolu_merge_children,
    heaolu_municipality_settings,
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
    "heaolu_after_form_saved",
    "heaolu_audit_actions",
    "heaolu_audit_object_types",
    "heaolu_case_manager_roles",
    "heaolu_case_panels",
    "heaolu_case_workflows",
    "heaolu_child_export",
    "heaolu_commitment_facts",
    "heaolu_dashboard_panels",
    "heaolu_demo_data",
    "heaolu_forms",
    "heaolu_job_handlers",
    "heaolu_locale_dirs",
    "heaolu_merge_children",
    "heaolu_municipality_settings",
    "heaolu_nav_items",
    "heaolu_periodic_jobs",
    "heaolu_permissions",
    "heaolu_piccolo_apps",
    "heaolu_plugin_description",
    "heaolu_roles",
    "heaolu_routes",
    "heaolu_template_dirs",
]
