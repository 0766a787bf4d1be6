"""Time-based one-time passwords (RFC 6238) as the second factor, with recovery codes.

The secret is stored encrypted with a key derived from HEAOLU_SECRET_KEY (changing that key
means every user enrols again). A code is accepted once: the last accepted time step is kept.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from datetime import UTC, datetime

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken

from core.auth.tables import RecoveryCode, User

ISSUER = "heaolu"
RECOVERY_CODES = 10
# 16 characters from 32: 80 random bits each, far beyond guessing even with the hash in hand.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _fernet(secret_key: str) -> Fernet:
    digest = hashlib.sha256(f"heaolu-totp:{secret_key}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def new_secret() -> str:
    return pyotp.random_base32()


def encrypt(secret: str, secret_key: str) -> str:
    return _fernet(secret_key).encrypt(secret.encode()).decode()


def decrypt(stored: str, secret_key: str) -> str | None:
    try:
        return _fernet(secret_key).decrypt(stored.encode()).decode()
    except InvalidToken:
        return None


def qr_svg(secret: str, username: str) -> str:
    uri = pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)
    svg: str = segno.make(uri, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    return svg


def matching_step(secret: str, code: str, last_step: int) -> int | None:
    """The time step ``code`` belongs to (now, or one step either side), if newer than
    ``last_step``; None when the code is wrong or was used already."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now_step = int(time.time()) // totp.interval
    for step in (now_step - 1, now_step, now_step + 1):
        if step > last_step and secrets.compare_digest(totp.at(step * totp.interval), code):
            return step
    return None


def _code_hash(code: str) -> str:
    normalised = "".join(code.upper().split()).replace("-", "")
    return hashlib.sha256(normalised.encode()).hexdigest()


async def new_recovery_codes(user_id: int) -> list[str]:
    """Replace the user's recovery codes with fresh ones (returned once, stored hashed)."""
    codes = [
        "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(4))
        for _ in range(RECOVERY_CODES)
    ]
    await RecoveryCode.delete().where(RecoveryCode.user == user_id)
    await RecoveryCode.insert(
        *(RecoveryCode(user=user_id, code_hash=_code_hash(code)) for code in codes)
    )
    return codes


async def use_recovery_code(user_id: int, code: str) -> bool:
    row = await RecoveryCode.objects().get(
        (RecoveryCode.user == user_id)
        & (RecoveryCode.code_hash == _code_hash(code))
        & RecoveryCode.used_at.is_null()
    )
    if row is None:
        return False
    row.used_at = datetime.now(UTC)
    await row.save([RecoveryCode.used_at])
    return True


async def verify_second_factor(user: User, code: str, secret_key: str) -> bool:
    """A current TOTP code (never one used before) or an unused recovery code."""
    secret = decrypt(user.totp_secret, secret_key) if user.totp_secret else None
    if secret is not None:
        step = matching_step(secret, code, user.totp_last_step)
        if step is not None:
            user.totp_last_step = step
            await user.save([User.totp_last_step])
            return True
    return await use_recovery_code(user.id, code)
