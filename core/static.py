"""Static assets under versioned names, compressed once at start-up.

``static_url("app.css")`` gives ``/static/app.<hash>.css``; the hash changes with the content, so
browsers may keep a file for a year. Files are read and gzipped when the app starts (they are
few and small), so serving one costs a dictionary lookup.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from core.auth.sessions import SKIP_SESSION
from core.db import SKIP_DATABASE

IMMUTABLE = "public, max-age=31536000, immutable"
SKIP_COMPRESSION = "skip_compression"


@dataclass(frozen=True)
class Asset:
    content: bytes
    gzipped: bytes
    media_type: str


class StaticAssets:
    def __init__(self, directory: Path) -> None:
        self.urls: dict[str, str] = {}
        self.assets: dict[str, Asset] = {}
        for path in sorted(directory.iterdir()):
            if not path.is_file() or path.name.startswith((".", "_")):
                continue
            content = path.read_bytes()
            digest = hashlib.sha256(content).hexdigest()[:10]
            versioned = f"{path.stem}.{digest}{path.suffix}"
            media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if media_type.startswith("text/") or media_type.endswith("javascript"):
                media_type += "; charset=utf-8"
            self.urls[path.name] = f"/static/{versioned}"
            self.assets[versioned] = Asset(content, gzip.compress(content, 9, mtime=0), media_type)

    def url(self, name: str) -> str:
        return self.urls[name]


def default_directory() -> Path:
    # ``static/`` sits beside ``core/``, in a checkout and in site-packages alike.
    return Path(__file__).resolve().parent.parent / "static"


@get(
    "/static/{name:str}",
    opt={SKIP_DATABASE: True, SKIP_SESSION: True, SKIP_COMPRESSION: True, "public": True},
    include_in_schema=False,
)
async def serve_static(name: FromPath[str], request: Request[Any, Any, Any]) -> Response[bytes]:
    assets: StaticAssets = request.app.state.static
    asset = assets.assets.get(name)
    if asset is None:
        raise NotFoundException()
    headers = {"cache-control": IMMUTABLE, "vary": "accept-encoding"}
    body = asset.content
    if "gzip" in request.headers.get("accept-encoding", ""):
        body = asset.gzipped
        headers["content-encoding"] = "gzip"
    return Response(body, media_type=asset.media_type, headers=headers)
