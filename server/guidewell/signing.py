"""Every itsdangerous use in one place: a salt per purpose and a maximum age for each."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from .errors import Unauthorized

PURPOSES = {
    "invite": 7 * 24 * 3600,
    "builder": 3600,
    "preview": 7 * 24 * 3600,
}


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    if purpose not in PURPOSES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"guidewell.{purpose}")


def sign(purpose: str, payload: dict[str, Any]) -> str:
    return _serializer(purpose).dumps(payload)


def sign_with_expiry(purpose: str, payload: dict[str, Any]) -> tuple[str, datetime]:
    """A token and when it stops working (to the second, as tokens carry seconds)."""
    signed_at = datetime.fromtimestamp(int(time.time()), UTC)
    return sign(purpose, payload), signed_at + timedelta(seconds=PURPOSES[purpose])


def unsign(purpose: str, token: str) -> dict[str, Any]:
    return unsign_with_expiry(purpose, token)[0]


def unsign_with_expiry(purpose: str, token: str) -> tuple[dict[str, Any], datetime]:
    """The payload and when the token stops working."""
    try:
        payload, signed_at = _serializer(purpose).loads(
            token, max_age=PURPOSES[purpose], return_timestamp=True
        )
    except SignatureExpired as error:
        raise Unauthorized("This link has expired.", code="token_expired") from error
    except BadSignature as error:
        raise Unauthorized("This link is not valid.", code="token_invalid") from error
    if not isinstance(payload, dict):
        raise Unauthorized("This link is not valid.", code="token_invalid")
    return payload, signed_at + timedelta(seconds=PURPOSES[purpose])
