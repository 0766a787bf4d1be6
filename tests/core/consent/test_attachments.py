"""Evidence files: size and content checks, downloads only as attachments, only in scope."""

import io
import zipfile

import pytest

from core.audit.tables import AuditEvent
from core.consent.attachments import ASICE, MAX_SIZE, media_type_of, safe_filename
from core.consent.tables import Attachment, Consent
from tests.core.consent.test_pages import consent_form, submit
from tests.helpers import sign_in

pytestmark = pytest.mark.anyio
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def signed_container() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as container:
        container.writestr(zipfile.ZipInfo("mimetype"), ASICE)  # first and stored
        container.writestr("META-INF/signatures0.xml", "<XAdESSignatures/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PDF, "application/pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (signed_container(), ASICE),
        (plain_zip(), None),
        (b"<html><script>alert(1)</script>", None),
        (b"MZ\x90\x00", None),
    ],
)
def test_the_type_is_judged_by_content(data, expected):
    assert media_type_of(data) == expected


@pytest.mark.parametrize(
    ("name", "media_type", "expected"),
    [
        ("../../etc/passwd.pdf", "application/pdf", "passwd.pdf"),
        ("C:\\Users\\mari\\Nõusolek.PDF", "application/pdf", "Nõusolek.pdf"),
        ('a"b;\r\nc.pdf', "application/pdf", "a_b;_c.pdf"),
        ("scan.pdf", "image/png", "scan.pdf.png"),
        ("leping.bdoc", ASICE, "leping.bdoc"),
        ("...", "image/jpeg", "attachment.jpg"),
    ],
)
def test_file_names_are_sanitised_and_end_in_the_right_extension(name, media_type, expected):
    assert safe_filename(name, media_type) == expected


@pytest.fixture
async def coordinator(notes_client, family):
    await sign_in(notes_client, "coordinator")
    return notes_client


async def upload(client, family, name, data, content_type="application/pdf"):
    return await submit(
        client,
        f"/children/{family['mia']}/consents",
        consent_form(family, evidence_kind="digital"),
        files={"evidence_file": (name, data, content_type)},
    )


async def test_a_file_over_the_limit_is_refused_with_a_message(coordinator, family):
    response = await upload(coordinator, family, "big.pdf", PDF + b"0" * MAX_SIZE)
    assert response.status_code == 400
    assert "Fail on suurem kui 5 MB" in response.text
    assert not await Attachment.exists()
    assert not await Consent.exists()


async def test_the_content_decides_even_with_a_pdf_name(coordinator, family):
    response = await upload(coordinator, family, "arve.pdf", b"<html><script>x</script></html>")
    assert response.status_code == 400
    assert "Sellist faili ei saa lisada" in response.text
    assert not await Attachment.exists()


async def test_evidence_is_stored_and_downloaded_as_an_attachment(coordinator, family):
    response = await upload(coordinator, family, "Nõusolek ärakiri.pdf", PDF, "text/html")
    assert response.status_code == 303
    [attachment] = await Attachment.select(
        Attachment.id, Attachment.media_type, Attachment.size, Attachment.owner_id
    )
    [consent] = await Consent.select(Consent.id, Consent.evidence)
    assert attachment["media_type"] == "application/pdf"  # not what the browser claimed
    assert (attachment["size"], attachment["owner_id"]) == (len(PDF), consent["id"])
    assert consent["evidence"] == attachment["id"]
    page = (await coordinator.get(f"/children/{family['mia']}")).text
    assert f'href="/attachments/{attachment["id"]}"' in page
    download = await coordinator.get(f"/attachments/{attachment['id']}")
    assert download.status_code == 200
    assert download.content == PDF
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"] == (
        'attachment; filename="Nousolek arakiri.pdf"; '
        "filename*=UTF-8''N%C3%B5usolek%20%C3%A4rakiri.pdf"
    )
    assert download.headers["x-content-type-options"] == "nosniff"
    [row] = await AuditEvent.select().where(AuditEvent.action == "attachment.downloaded")
    assert (row["outcome"], row["object_id"]) == ("allowed", str(attachment["id"]))


async def test_a_signed_container_is_accepted(coordinator, family):
    data = signed_container()
    response = await upload(coordinator, family, "leping.asice", data, "application/zip")
    assert response.status_code == 303
    [attachment] = await Attachment.select(Attachment.filename, Attachment.media_type)
    assert attachment == {"filename": "leping.asice", "media_type": ASICE}


async def test_another_scopes_attachment_is_404_and_audited(notes_client, family):
    await sign_in(notes_client, "coordinator")
    assert (await upload(notes_client, family, "a.pdf", PDF)).status_code == 303
    [attachment] = await Attachment.select(Attachment.id)
    await notes_client.post("/logout", data={"_csrf_token": ""})
    notes_client.cookies.clear()
    await sign_in(notes_client, "elva.coordinator")
    response = await notes_client.get(f"/attachments/{attachment['id']}")
    assert response.status_code == 404
    assert PDF not in response.content
    [row] = await AuditEvent.select().where(AuditEvent.action == "attachment.downloaded")
    assert (row["outcome"], row["user_id"]) == ("denied", family["elva.coordinator"])
    assert (await notes_client.get("/attachments/999999")).status_code == 404
