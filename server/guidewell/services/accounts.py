"""Admin accounts: creation and password checks."""

from __future__ import annotations

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from ..errors import Conflict, Invalid
from ..extensions import db
from ..models import Account

MIN_PASSWORD_LENGTH = 8
# Checked against when the email is unknown, so both paths cost one hash.
_DUMMY_HASH = generate_password_hash("guidewell-timing-equalizer")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_account(email: str) -> Account | None:
    return db.session.scalar(sa.select(Account).where(Account.email == normalize_email(email)))


def create_account(email: str, password: str, name: str = "") -> Account:
    email = normalize_email(email)
    if "@" not in email or len(email) > 254:
        raise Invalid("Enter a valid email address.", fields={"email": ["Not a valid email."]})
    if len(password) < MIN_PASSWORD_LENGTH:
        message = f"Use at least {MIN_PASSWORD_LENGTH} characters."
        raise Invalid(message, fields={"password": [message]})
    if find_account(email):
        raise Conflict("An account with this email already exists.", code="email_taken")
    account = Account(email=email, name=name, password_hash=generate_password_hash(password))
    db.session.add(account)
    db.session.flush()
    return account


def authenticate(email: str, password: str) -> Account | None:
    account = find_account(email)
    if account is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return account if check_password_hash(account.password_hash, password) else None


def password_mark(account: Account) -> str:
    """Changes with the password: sessions and builder links carry it, so a new
    password ends every one made with the old."""
    return account.password_hash[-16:]


def set_password(account: Account, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        message = f"Use at least {MIN_PASSWORD_LENGTH} characters."
        raise Invalid(message, fields={"password": [message]})
    account.password_hash = generate_password_hash(password)
