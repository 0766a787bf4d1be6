"""What core's audit actions and kinds of object are called (English message ids, shown
translated).

The audit log stores an action's key (``case.listed``) and an object's kind (``case``); people
read their labels. Core gives its labels through ``heaolu_audit_actions`` and
``heaolu_audit_object_types`` like every plugin; `label_of` is the one lookup. A row's purpose is
shown by its label too when it is a consent purpose or a legal basis (`purpose_label`).
"""

from __future__ import annotations

from collections.abc import Mapping

from core.consent.registry import LEGAL_BASIS_LABELS
from core.i18n import N_
from core.i18n import gettext as _
from core.registry import ConsentPurpose

ACTION_LABELS: Mapping[str, str] = {
    "login": N_("Logged in"),
    "logout": N_("Logged out"),
    "login.failed": N_("Login failed"),
    "login.password_ok": N_("Password accepted, second step awaited"),
    "login.second_factor_failed": N_("Wrong code of the second step"),
    "login.throttled": N_("Too many login attempts"),
    "session.expired": N_("Session expired"),
    "password.changed": N_("Password changed"),
    "password.change_failed": N_("Password change failed"),
    "two_factor.enabled": N_("Two-factor login turned on"),
    "two_factor.disabled": N_("Two-factor login turned off"),
    "permission.denied": N_("Access denied"),
    "audit.viewed": N_("Audit log viewed"),
    "audit.exported": N_("Audit log exported"),
    "user.created": N_("User created"),
    "user.updated": N_("User changed"),
    "user.viewed": N_("User viewed"),
    "user.disabled": N_("User may no longer log in"),
    "user.password_reset": N_("User's password set"),
    "user.sessions_ended": N_("User logged out everywhere"),
    "membership.added": N_("Role given"),
    "membership.removed": N_("Role removed"),
    "plugin.enabled": N_("Plugin turned on"),
    "plugin.disabled": N_("Plugin turned off"),
    "form.enabled": N_("Form turned on"),
    "form.disabled": N_("Form turned off"),
    "form.uploaded": N_("Form uploaded"),
    "form.published": N_("Form version published"),
    "form_submission.started": N_("Form begun"),
    "form_submission.created": N_("Form filled in"),
    "form_submission.viewed": N_("Filled-in form viewed"),
    "form_submission.listed": N_("Filled-in forms listed"),
    "form_submission.printed": N_("Filled-in form printed"),
    "form_submission.edit_opened": N_("Filled-in form opened for changes"),
    "form_submission.updated": N_("Filled-in form changed"),
    "form_submission.update_invalid": N_("Change of a filled-in form refused"),
    "form_submission.conflict": N_("Filled-in form changed by someone else first"),
    "case.created": N_("Case opened"),
    "case.viewed": N_("Case viewed"),
    "case.listed": N_("Cases listed"),
    "case.updated": N_("Case changed"),
    "case.exported": N_("Case summary printed"),
    "case.shared": N_("Case escalated to child protection"),
    "case.moved": N_("Case moved to another organisation"),
    "case.participant_removed": N_("A participant stopped taking part in the case"),
    "case.conflict": N_("Case changed by someone else first"),
    "child.created": N_("Child added"),
    "child.viewed": N_("Child's record viewed"),
    "child.listed": N_("Children listed"),
    "child.updated": N_("Child's record corrected"),
    "child.merged": N_("Child's records merged"),
    "child.exported": N_("Child's record printed for the guardian"),
    "child.duplicate_found": N_("Child found in heaolu already"),
    "child.access_requested": N_("Access to a child asked for"),
    "guardian.linked": N_("Parent or guardian added"),
    "enrolment.ended": N_("Leaving recorded"),
    "consent.recorded": N_("Consent recorded"),
    "consent.withdrawn": N_("Consent withdrawn"),
    "consent.expiring": N_("Expiring consents listed"),
    "share_override.recorded": N_("Shared without consent on a legal basis"),
    "attachment.uploaded": N_("Consent document attached"),
    "attachment.downloaded": N_("Consent document downloaded"),
    "contact.created": N_("Contact person added"),
    "contact.updated": N_("Contact person changed"),
    "contact.deleted": N_("Contact person removed"),
    "unit.created": N_("Group or class added"),
    "unit.closed": N_("Group or class ended"),
    "report.created": N_("Noticing report sent"),
    "report.viewed": N_("Noticing report viewed"),
}


OBJECT_TYPE_LABELS: Mapping[str, str] = {
    "attachment": N_("Consent document"),
    "case": N_("Case"),
    "child": N_("Child"),
    "consent": N_("Consent"),
    "contact": N_("Contact person"),
    "form": N_("Form"),
    "form_submission": N_("Filled-in form"),
    "membership": N_("Role"),
    "municipality": N_("Municipality"),
    "organisation": N_("Organisation"),
    "plugin": N_("Plugin"),
    "report": N_("Noticing report"),
    "share_override": N_("Sharing without consent"),
    "unit": N_("Group or class"),
    "user": N_("User"),
}


def label_of(labels: Mapping[str, str], key: str) -> str:
    """The label of ``key`` in the current language, or the key when nobody labels it."""
    found = labels.get(key)
    return _(found) if found else key


def purpose_label(purposes: Mapping[str, ConsentPurpose], purpose: str | None) -> str:
    """A row's purpose in the current language when it is a consent purpose or a legal basis;
    otherwise as stored (a permission's name, or a text)."""
    if not purpose:
        return ""
    known = purposes.get(purpose)
    label = known.label if known is not None else LEGAL_BASIS_LABELS.get(purpose)
    return _(label) if label else purpose
