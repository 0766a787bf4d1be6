"""The school plugin: the school level of the HOP model (report section 1.2).

The school's posts (class teacher, support-learning coordinator, support specialist, head of
studies, head, school nurse), the support workflow from the class teacher through the
coordinator to the municipality's case manager with the individual support plan, the classes
with their school stages, and a pupil's transitions: to a class of the next school stage and
to another school, also in another municipality. It touches only this folder and the hooks;
its URLs are ``/school/...``.
"""

from plugins.school.hooks import (
    heaolu_after_enrolment_began,
    heaolu_audit_actions,
    heaolu_case_panels,
    heaolu_case_workflows,
    heaolu_demo_data,
    heaolu_forms,
    heaolu_locale_dirs,
    heaolu_nav_items,
    heaolu_permissions,
    heaolu_plugin_description,
    heaolu_roles,
    heaolu_routes,
    heaolu_template_dirs,
    heaolu_timeline_entry_kinds,
)

__all__ = [
    "heaolu_after_enrolment_began",
    "heaolu_audit_actions",
    "heaolu_case_panels",
    "heaolu_case_workflows",
    "heaolu_demo_data",
    "heaolu_forms",
    "heaolu_locale_dirs",
    "heaolu_nav_items",
    "heaolu_permissions",
    "heaolu_plugin_description",
    "heaolu_roles",
    "heaolu_routes",
    "heaolu_template_dirs",
    "heaolu_timeline_entry_kinds",
]
