"""What the service agreements hold about a child: the rows of the child's subject-access export
(core checked that the user may export the child), moving them when two records of one child are
merged, and the demo's agreements."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from core.api import N_, Case, CurrentUser, DemoContext, ExportSection, Membership
from plugins.county.services.tables import ServiceAgreement

COLUMNS = (
    ("service", N_("Service")),
    ("provider", N_("Provider")),
    ("providing_name", N_("Municipality that provides the service")),
    ("paying_name", N_("Municipality that pays for the service")),
    ("transport", N_("Transport")),
    ("transport_payer_name", N_("Municipality that pays for the transport")),
    ("valid_from", N_("Valid from")),
    ("valid_until", N_("Valid until")),
    ("recording_name", N_("Recorded by the municipality")),
)


async def child_export(_user: CurrentUser, child_ids: Sequence[int]) -> list[ExportSection]:
    rows = (
        await ServiceAgreement.select(
            ServiceAgreement.service,
            ServiceAgreement.provider,
            ServiceAgreement.providing_municipality.name.as_alias("providing_name"),
            ServiceAgreement.paying_municipality.name.as_alias("paying_name"),
            ServiceAgreement.transport,
            ServiceAgreement.transport_paid_by.name.as_alias("transport_payer_name"),
            ServiceAgreement.valid_from,
            ServiceAgreement.valid_until,
            ServiceAgreement.recording_municipality.name.as_alias("recording_name"),
        )
        .where(ServiceAgreement.child.is_in(list(child_ids) or [0]))
        .order_by(ServiceAgreement.valid_from)
    )
    return [
        ExportSection(
            "county.service_agreements",
            N_("Service agreements between municipalities"),
            COLUMNS,
            tuple(rows),
        )
    ]


async def merge_children(merged_id: int, survivor_id: int) -> None:
    """The merged record's agreements go to the surviving record."""
    await ServiceAgreement.update({ServiceAgreement.child: survivor_id}).where(
        ServiceAgreement.child == merged_id
    )


DEMO_SERVICE = "Näidis: loovteraapia (rehabilitatsiooniplaani teenus)"


async def seed(ctx: DemoContext) -> None:
    """Sample agreements: the first two children of Tartu linn's case manager's cases get their
    rehabilitation plan's service in Elva vald, one paid with the transport by Tartu linn, one
    ended. Made once."""
    manager = ctx.users.get("tartu.casemanager")
    tartu = ctx.municipalities.get("Tartu linn")
    elva = ctx.municipalities.get("Elva vald")
    if manager is None or tartu is None or elva is None:
        return
    if await ServiceAgreement.exists().where(ServiceAgreement.service == DEMO_SERVICE):
        return
    membership = (
        await Membership.select(Membership.organisation).where(Membership.user == manager).first()
    )
    cases = (
        await Case.select(Case.child)
        .where((Case.responsible == manager) & (Case.municipality == tartu))
        .order_by(Case.id)
        .limit(10)
    )
    children = list(dict.fromkeys(row["child"] for row in cases))[:2]
    if membership is None or not children:
        return
    year = date.today().year
    terms = [
        (
            date(year, 1, 1),
            date(year, 12, 31),
            "Näidis: taksoveo korraldab Tartu linn, 2 korda nädalas",
        ),
        (date(year - 1, 2, 1), date(year - 1, 6, 30), ""),
    ]
    for child, (valid_from, valid_until, transport) in zip(children, terms, strict=False):
        await ServiceAgreement(
            child=child,
            service=DEMO_SERVICE,
            providing_municipality=elva,
            provider="Näidis: Elva Tugikeskus",
            paying_municipality=tartu,
            transport=transport,
            transport_paid_by=tartu if transport else None,
            valid_from=valid_from,
            valid_until=valid_until,
            recording_municipality=tartu,
            recording_organisation=membership["organisation"],
            recorded_by=manager,
        ).save()
