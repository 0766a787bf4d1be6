"""When each contact person of core's directory was last confirmed as up to date, and by whom
(the municipality's administrators confirm their entries twice a year)."""

from __future__ import annotations

from piccolo.columns import Date, ForeignKey, OnDelete, Serial
from piccolo.table import Table

from core.api import ContactPerson, User


class Confirmation(Table, tablename="county_contacts_confirmation"):
    """``contact`` was confirmed on ``confirmed_on`` by ``confirmed_by``; one row per contact,
    replaced by each new confirmation."""

    id = Serial(primary_key=True)
    contact = ForeignKey(
        references=ContactPerson, null=False, unique=True, on_delete=OnDelete.cascade
    )
    confirmed_on = Date()
    confirmed_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
