"""Uploaded evidence: checked by content, kept in the database, served only as a download.

An upload is accepted when it is at most `MAX_SIZE` bytes and its content (never its name or
the type the browser claimed) is a PDF, PNG or JPEG file or an ASiC-E signed container (.asice,
.bdoc). The file name is kept sanitised, with the extension of the type found. A download
answers 404 unless the user may see the child the owning record belongs to, and every
download, allowed or refused, writes an audit row ``attachment.downloaded``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from litestar import Request, Response, get
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from core.access import may_see_child
from core.audit.log import Outcome, record
from core.auth.permissions import AUTHENTICATED
from core.consent.tables import Attachment, Consent
from core.i18n import gettext as _

AnyRequest = Request[Any, Any, Any]
MAX_SIZE = 5 * 1024 * 1024
ASICE = "application/vnd.etsi.asic-e+zip"
# A signed container is a ZIP whose first entry is "mimetype", stored, holding its media type.
_ASICE_START = b"PK\x03\x04"
_EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    ASICE: (".asice", ".bdoc", ".sce"),
}
# The records a file may belong to (``Attachment.owner_type``): each has a ``child`` column,
# which decides who may download the file and makes the file part of that child's record.
OWNERS = {"consent": Consent}
METADATA = (
    Attachment.id,
    Attachment.filename,
    Attachment.media_type,
    Attachment.size,
    Attachment.sha256,
    Attachment.uploaded_by,
    Attachment.uploaded_at,
    Attachment.owner_type,
    Attachment.owner_id,
)
_UNSAFE = re.compile(r"[\x00-\x1f\x7f<>:\"/\\|?*]+")


@dataclass(frozen=True)
class Upload:
    """A checked upload, ready to store."""

    filename: str
    media_type: str
    data: bytes


def media_type_of(data: bytes) -> str | None:
    """The accepted type ``data`` is, judged by its first bytes; None for anything else."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if (
        data.startswith(_ASICE_START)
        and data[30:38] == b"mimetype"
        and ASICE.encode() in data[:200]
    ):
        return ASICE
    return None


def safe_filename(name: str, media_type: str) -> str:
    """``name`` without a path, control or reserved characters, at most 150 characters, ending
    in an extension of ``media_type``."""
    base = PurePosixPath(name.replace("\\", "/")).name
    base = _UNSAFE.sub("_", unicodedata.normalize("NFC", base)).strip(" .") or "attachment"
    stem, dot, extension = base.rpartition(".")
    extensions = _EXTENSIONS[media_type]
    if not dot or f".{extension.lower()}" not in extensions:
        stem = base
        extension = extensions[0][1:]
    return f"{stem[:140]}.{extension.lower()}"


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback name and the UTF-8 name (RFC 6266, RFC 8187)."""
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"[^A-Za-z0-9._ -]", "_", ascii_name) or "attachment"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


async def checked_upload(upload: UploadFile) -> tuple[Upload | None, str | None]:
    """The upload if it passes the size and type checks, else a message for the user."""
    data = await upload.read(MAX_SIZE + 1)
    if not data:
        return None, _("The file is empty.")
    if len(data) > MAX_SIZE:
        return None, _("The file is larger than 5 MB; attach a smaller one.")
    media_type = media_type_of(data)
    if media_type is None:
        return None, _(
            "This type of file is not accepted. Attach a PDF, PNG or JPEG file or a signed "
            "container (.asice, .bdoc)."
        )
    return Upload(safe_filename(upload.filename, media_type), media_type, data), None


async def store(upload: Upload, user_id: int, owner_type: str, owner_id: int) -> int:
    """Store ``upload`` for the record ``owner_type``/``owner_id``; returns the attachment's id."""
    [row] = await Attachment.insert(
        Attachment(
            filename=upload.filename,
            media_type=upload.media_type,
            size=len(upload.data),
            sha256=hashlib.sha256(upload.data).hexdigest(),
            data=upload.data,
            uploaded_by=user_id,
            owner_type=owner_type,
            owner_id=owner_id,
        )
    ).returning(Attachment.id)
    attachment_id: int = row["id"]
    return attachment_id


async def _owning_child(owner_type: str, owner_id: int) -> int | None:
    owner = OWNERS.get(owner_type)
    if owner is None:
        return None
    row = await owner.select(owner.child).where(owner.id == owner_id).first()
    return row["child"] if row else None


async def attachments_of(child_ids: Collection[int]) -> list[dict[str, Any]]:
    """What is known about the files of the records of ``child_ids`` (never their content):
    id, safe name, type, size, SHA-256, who uploaded it and when, and the owning record."""
    found: list[dict[str, Any]] = []
    for owner_type, owner in OWNERS.items():
        owned_by_children = owner.select(owner.id).where(owner.child.is_in(list(child_ids) or [0]))
        found += (
            await Attachment.select(*METADATA)
            .where(
                (Attachment.owner_type == owner_type) & Attachment.owner_id.is_in(owned_by_children)
            )
            .order_by(Attachment.id)
        )
    return found


@get("/attachments/{attachment_id:int}", opt={"permission": AUTHENTICATED})
async def download(request: AnyRequest, attachment_id: FromPath[int]) -> Response[bytes]:
    """The file as a download, to a user who may see the owning record's child."""
    row = await Attachment.select().where(Attachment.id == attachment_id).first()
    child = await _owning_child(row["owner_type"], row["owner_id"]) if row else None
    if row is None or child is None or not await may_see_child(request, child):
        await record(
            request,
            "attachment.downloaded",
            Outcome.denied,
            object_type="attachment",
            object_id=attachment_id,
        )
        raise NotFoundException()
    await record(
        request, "attachment.downloaded", object_type="attachment", object_id=attachment_id
    )
    return Response(
        content=bytes(row["data"]),
        media_type=row["media_type"],
        headers={"content-disposition": content_disposition(row["filename"])},
    )
