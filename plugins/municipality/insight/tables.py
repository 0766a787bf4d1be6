"""Tables of this part; every table is named `municipality_...`.

The register of children at home and of the other groups the municipality names
(`HomeGroup`, `HomeChild`), the outreach to them (`Outreach`), and the network's yearly notes
beside the statistics (`YearNote`: satisfaction surveys and supervision), the figures of
the statistics and transitions pages kept for a few minutes (`KeptFigures`), and the Rajaleidja
decisions about the municipality's children shared with it (`RajaleidjaDecision`).
"""

from __future__ import annotations

from enum import StrEnum

from piccolo.columns import (
    JSON,
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from core.api import Child, Municipality, Organisation, User


class OutreachKind(StrEnum):
    family_doctor = "family_doctor"
    event = "event"
    preschool = "preschool"
    assessment = "assessment"
    other = "other"


class OutreachOutcome(StrEnum):
    reached = "reached"
    not_reached = "not_reached"
    declined = "declined"


class NoteKind(StrEnum):
    survey = "survey"
    supervision = "supervision"


class HomeGroup(Table, tablename="municipality_home_group"):
    """A group of children the municipality names for outreach (e.g. families of another
    language); the children at home themselves are the entries without a group."""

    id = Serial(primary_key=True)
    municipality = ForeignKey(
        references=Municipality, null=False, index=True, on_delete=OnDelete.restrict
    )
    name = Varchar(length=200)
    description = Text(default="")
    created_by = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    created_at = Timestamptz(default=TimestamptzNow())


class HomeChild(Table, tablename="municipality_home_child"):
    """A child in the municipality's register: at home (``home_group`` empty) or in a named
    group of the municipality."""

    id = Serial(primary_key=True)
    child = ForeignKey(references=Child, null=False, index=True, on_delete=OnDelete.cascade)
    municipality = ForeignKey(
        references=Municipality, null=False, index=True, on_delete=OnDelete.restrict
    )
    # Cascade: the application never deletes a group; if one is deleted, its entries go too.
    home_group = ForeignKey(references=HomeGroup, null=True, index=True, on_delete=OnDelete.cascade)
    # The part of the municipality the population data places the child in (e.g. "Annelinn").
    address_area = Varchar(length=200, default="")
    # "import" (population data) or "manual".
    source = Varchar(length=20, default="import")
    added_by = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    added_at = Timestamptz(default=TimestamptzNow())


class Outreach(Table, tablename="municipality_outreach"):
    """One outreach activity to a child in the register, with its outcome and who did it."""

    id = Serial(primary_key=True)
    entry = ForeignKey(references=HomeChild, null=False, index=True, on_delete=OnDelete.cascade)
    kind = Varchar(length=20, choices=OutreachKind)
    done_on = Date()
    outcome = Varchar(length=20, choices=OutreachOutcome)
    # Who made the contact (a person or post, e.g. "perearst").
    by_whom = Varchar(length=200, default="")
    note = Text(default="")
    recorded_by = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    recorded_at = Timestamptz(default=TimestamptzNow())


class YearNote(Table, tablename="municipality_year_note"):
    """What the network recorded for a year: a satisfaction survey's results or the themes
    raised in supervision. No personal data."""

    id = Serial(primary_key=True)
    municipality = ForeignKey(
        references=Municipality, null=False, index=True, on_delete=OnDelete.restrict
    )
    year = Integer(index=True)
    kind = Varchar(length=20, choices=NoteKind)
    text = Text()
    recorded_by = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    recorded_at = Timestamptz(default=TimestamptzNow())
    version = Integer(default=1)


class KeptFigures(Table, tablename="municipality_kept_figures"):
    """A page's figures for a municipality and year as last computed, in one language (labels
    are translated when computed), kept for `plugins.municipality.insight.kept.FRESH_FOR`.
    Counts, suppressed as shown, and children's ids only: names are looked up when shown."""

    id = Serial(primary_key=True)
    municipality = ForeignKey(
        references=Municipality, null=False, index=True, on_delete=OnDelete.cascade
    )
    year = Integer()
    page = Varchar(length=20)
    language = Varchar(length=5)
    figures = JSON()
    computed_at = Timestamptz(default=TimestamptzNow())


class RajaleidjaDecision(Table, tablename="municipality_rajaleidja_decision"):
    """A Rajaleidja decision about a child registered in ``municipality``, as the organisation
    holding it (a kindergarten's or school's core form ``core.rajaleidja``, submission
    ``submission``) last shared it with the municipality, as far as consent allows
    (`plugins.municipality.insight.rajaleidja`)."""

    id = Serial(primary_key=True)
    # The core submission's id (one row per submission; a correction updates it).
    submission = Integer(unique=True)
    child = ForeignKey(references=Child, null=False, index=True, on_delete=OnDelete.cascade)
    municipality = ForeignKey(
        references=Municipality, null=False, index=True, on_delete=OnDelete.cascade
    )
    organisation = ForeignKey(references=Organisation, null=False, on_delete=OnDelete.cascade)
    decided_on = Date()
    decision = Text(default="")
    # The recommended support: the form's option keys, comma-separated.
    support = Text(default="")
    review_on = Date(null=True, default=None)
    shared_at = Timestamptz(default=TimestamptzNow())
