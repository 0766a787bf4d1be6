"""The kindergarten plugin: the kindergarten level of the HOP model (report section 1.1).

The support workflow in three stages (group teacher, support-services coordinator, the
municipality's case manager), the support plan and the school-readiness card, the groups with
their teachers and children, and the transitions: the readiness card to a school under the
guardians' consent, the spring list of children going to school, a case handed to another
kindergarten. It touches only this folder and the hooks; its table is ``kindergarten_*``, its
URLs ``/kindergarten/...``.
"""

from plugins.kindergarten.hooks import (
    heaolu_audit_actions,
    heaolu_audit_object_types,
    heaolu_case_panels,
    heaolu_case_workflows,
    heaolu_child_export,
    heaolu_consent_purposes,
    heaolu_dashboard_panels,
    heaolu_demo_data,
    heaolu_forms,
    heaolu_locale_dirs,
    heaolu_merge_children,
    heaolu_nav_items,
    heaolu_permissions,
    heaolu_piccolo_apps,
    heaolu_plugin_description,
    heaolu_roles,
    heaolu_routes,
    heaolu_template_dirs,
)

__all__ = [
    "heaolu_audit_actions",
    "heaolu_audit_object_types",
    "heaolu_case_panels",
    "heaolu_case_workflows",
    "heaolu_child_export",
    "heaolu_consent_purposes",
    "heaolu_dashboard_panels",
    "heaolu_demo_data",
    "heaolu_forms",
    "heaolu_locale_dirs",
    "heaolu_merge_children",
    "heaolu_nav_items",
    "heaolu_permissions",
    "heaolu_piccolo_apps",
    "heaolu_plugin_description",
    "heaolu_roles",
    "heaolu_routes",
    "heaolu_template_dirs",
]
