"""Sample consents for the demo.

Every scale: the hand-made families (`core.people.demo_families`) get consents that show what
the consent pages do: given on signed paper with its scan, given orally, one withdrawn, one
ending within 30 days (so it is on the coordinators' "expiring consents" list), parents with
custody who disagree, and data shared with the police without consent on a legal basis.

``--scale county``: every tenth sample child also gets a consent of its mother for cross-sector
case work with the municipality office, some withdrawn, some ending soon, some ended; a few
thousand rows in a few batched inserts.

Demo consents are recorded under the demo account `RECORDER` (institutions' coordinators get
demo accounts when their plugins arrive). A child who has consents already gets none, so the
demo can run again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from core.consent.attachments import Upload, safe_filename, store
from core.consent.recipients import Recipient
from core.consent.registry import CROSS_SECTOR_CASE_WORK, SHARE_WITH_MUNICIPALITY
from core.consent.tables import Consent, Decision, EvidenceKind, ShareOverride
from core.demo import DemoContext
from core.people.demo_families import FAMILIES
from core.people.tables import GuardianLink, Organisation, OrganisationKind

RECORDER = "tartu.childprotection"
TARTU_OFFICE = ("Tartu linn", "Tartu Linnavalitsus")
RAJALEIDJA = ("Tartu linn", "Rajaleidja Tartu keskus")
POLICE = ("Tartu linn", "Tartu politseijaoskond")
EVERY_NTH_CHILD = 10
BATCH = 2000


@dataclass(frozen=True)
class SampleConsent:
    """A family's consent: whose (child's and guardian's given names), what, and when (days
    from today)."""

    child: str
    guardian: str
    purpose: str
    data_scope: str
    recipient: dict[str, Any]
    decision: Decision
    evidence: EvidenceKind
    from_days: int
    until_days: int | None = None
    withdrawn_days: int | None = None
    scan: str | None = None


def _family_consents(ctx: DemoContext) -> tuple[SampleConsent, ...]:
    rajaleidja = {"recipient_organisation": ctx.organisations[RAJALEIDJA]}
    health = {"recipient_sector": "health"}
    return (
        SampleConsent(
            "Lotte",
            "Kertu",
            CROSS_SECTOR_CASE_WORK,
            "education",
            rajaleidja,
            Decision.given,
            EvidenceKind.paper,
            from_days=-60,
            until_days=300,
            scan="Nõusolek Lotte Jõgi.pdf",
        ),
        SampleConsent(
            "Lotte",
            "Priit",
            CROSS_SECTOR_CASE_WORK,
            "education",
            rajaleidja,
            Decision.given,
            EvidenceKind.oral,
            from_days=-60,
            until_days=20,
        ),
        SampleConsent(
            "Aleksander",
            "Evelin",
            SHARE_WITH_MUNICIPALITY,
            "all",
            {"recipient_municipality": ctx.municipalities["Tartu vald"]},
            Decision.given,
            EvidenceKind.paper,
            from_days=-200,
            withdrawn_days=-14,
        ),
        SampleConsent(
            "Aleksander",
            "Evelin",
            CROSS_SECTOR_CASE_WORK,
            "health",
            health,
            Decision.given,
            EvidenceKind.paper,
            from_days=-30,
            until_days=240,
            scan="Nõusolek Aleksander Mänd.pdf",
        ),
        SampleConsent(
            "Aleksander",
            "Siim",
            CROSS_SECTOR_CASE_WORK,
            "health",
            health,
            Decision.refused,
            EvidenceKind.oral,
            from_days=-25,
        ),
        SampleConsent(
            "Laura",
            "Merike",
            CROSS_SECTOR_CASE_WORK,
            "all",
            {"recipient_organisation": ctx.organisations[TARTU_OFFICE]},
            Decision.given,
            EvidenceKind.oral,
            from_days=-10,
            until_days=355,
        ),
    )


async def seed_consents(ctx: DemoContext) -> None:
    recorder = ctx.users[RECORDER]
    await _seed_family_consents(ctx, recorder)
    if ctx.scale == "county":
        await _seed_county_consents(recorder)


async def _family_ids() -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """The families' children by given name, and their guardians by (child, guardian) name."""
    family_names = {child.family_name for _parents, children in FAMILIES for child in children}
    guardian: Any = GuardianLink.guardian
    child: Any = GuardianLink.child
    rows = await GuardianLink.select(
        child.id.as_alias("child"),
        child.given_name.as_alias("child_name"),
        guardian.id.as_alias("guardian"),
        guardian.given_name.as_alias("guardian_name"),
    ).where(child.family_name.is_in(list(family_names)) & guardian.email.like("%@example.invalid"))
    children = {row["child_name"]: row["child"] for row in rows}
    guardians = {(row["child_name"], row["guardian_name"]): row["guardian"] for row in rows}
    return children, guardians


async def _seed_family_consents(ctx: DemoContext, recorder: int) -> None:
    children, guardians = await _family_ids()
    if not children or await Consent.exists().where(Consent.child.is_in(list(children.values()))):
        return
    today = date.today()
    for sample in _family_consents(ctx):
        [row] = await Consent.insert(
            Consent(
                child=children[sample.child],
                guardian=guardians[(sample.child, sample.guardian)],
                purpose=sample.purpose,
                data_scope=sample.data_scope,
                **sample.recipient,
                decision=sample.decision.value,
                valid_from=today + timedelta(days=sample.from_days),
                valid_until=_day(today, sample.until_days),
                withdrawn_on=_day(today, sample.withdrawn_days),
                evidence_kind=sample.evidence.value,
                recorded_by=recorder,
            )
        ).returning(Consent.id)
        if sample.scan:
            upload = Upload(
                safe_filename(sample.scan, "application/pdf"),
                "application/pdf",
                scanned_form(sample.child, sample.guardian),
            )
            evidence = await store(upload, recorder, "consent", row["id"])
            await Consent.update({Consent.evidence: evidence}).where(Consent.id == row["id"])
    await ShareOverride.insert(
        ShareOverride(
            child=children["Aleksander"],
            from_organisation=ctx.organisations[TARTU_OFFICE],
            purpose=CROSS_SECTOR_CASE_WORK,
            data_scope="social",
            recipient_organisation=ctx.organisations[POLICE],
            legal_basis="child_protection_act_31",
            explanation=(
                "Laps rääkis koolis, et kodus on vägivalda. Politseile edastati andmed lapse "
                "turvalisuse hindamiseks lapsevanemate nõusolekuta (näidisandmed)."
            ),
            decided_by=recorder,
        )
    )


def _day(today: date, days: int | None) -> date | None:
    return None if days is None else today + timedelta(days=days)


async def _seed_county_consents(recorder: int) -> None:
    """A mother's consent for every `EVERY_NTH_CHILD`-th sample child without consents."""
    offices = {
        row["municipality"]: row["id"]
        for row in await Organisation.select(Organisation.id, Organisation.municipality).where(
            Organisation.kind == OrganisationKind.municipality_office.value
        )
    }
    child: Any = GuardianLink.child
    mothers = await GuardianLink.select(
        GuardianLink.child,
        GuardianLink.guardian,
        child.registered_municipality.as_alias("municipality"),
    ).where(GuardianLink.relation == "mother")
    have = {row["child"] for row in await Consent.select(Consent.child)}
    today = date.today()
    school_year = date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    rows = []
    for mother in mothers:
        n = mother["child"] // EVERY_NTH_CHILD
        if mother["child"] % EVERY_NTH_CHILD or mother["child"] in have:
            continue
        if mother["municipality"] not in offices:
            continue
        # Spread the ends over 400 days from a month ago: some ended, some end within a month.
        until = today + timedelta(days=n % 400 - 30)
        valid_from = min(school_year, until)
        rows.append(
            Consent(
                child=mother["child"],
                guardian=mother["guardian"],
                purpose=CROSS_SECTOR_CASE_WORK,
                data_scope="education",
                recipient_organisation=offices[mother["municipality"]],
                decision=Decision.given.value,
                valid_from=valid_from,
                valid_until=until,
                withdrawn_on=max(valid_from, today - timedelta(days=n % 60))
                if n % 15 == 0
                else None,
                evidence_kind=(EvidenceKind.paper if n % 3 else EvidenceKind.oral).value,
                recorded_by=recorder,
            )
        )
    for start in range(0, len(rows), BATCH):
        await Consent.insert(*rows[start : start + BATCH])


def scanned_form(child: str, guardian: str) -> bytes:
    """A one-page PDF standing in for the scan of a signed paper consent (sample data)."""
    lines = (
        "NÕUSOLEK ANDMETE JAGAMISEKS (näidis)",
        f"Lapsevanem {guardian} annab nõusoleku lapse {child} andmete jagamiseks.",
        "Allkiri: ______________",
    )
    shown = " ".join(f"({_pdf_string(line)}) '" for line in lines)
    text = f"BT /F1 12 Tf 72 760 Td 16 TL {shown} ET".encode("cp1252")
    objects = (
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
    )
    pdf = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return pdf


def _pdf_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


async def add_demo_consent(
    *,
    child_id: int,
    guardian_id: int,
    purpose: str,
    data_scope: str,
    recipient: Recipient,
    recorded_by: int,
    valid_from: date,
) -> int:
    """A guardian's sample consent given on paper for a plugin's demo (its purpose, the data
    scope and the recipient), valid from ``valid_from`` with no end; its id."""
    [row] = await Consent.insert(
        Consent(
            child=child_id,
            guardian=guardian_id,
            purpose=purpose,
            data_scope=data_scope,
            **recipient.columns(),
            decision=Decision.given.value,
            valid_from=valid_from,
            evidence_kind=EvidenceKind.paper.value,
            recorded_by=recorded_by,
        )
    ).returning(Consent.id)
    return int(row["id"])
