"""End users of a customer's app: lookup, identification and merging, traits, erasure.

A browser is known by its anonymous id (an alias row). `identify` links it to an
external id; when that external user already exists (another device), the anonymous
user's progress, events, answers and assignments move to them and the daily rollups
give back what the merged-away rows had counted, so nobody counts twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from ..errors import Invalid, NotFound, Unauthorized
from ..extensions import db
from ..models import (
    Assignment,
    EndUser,
    Event,
    Progress,
    ProgressStatus,
    Response,
    UserAlias,
)
from . import rollups

MAX_TRAITS = 100
MAX_TRAIT_KEY = 64
MAX_TRAIT_BYTES = 1024
MAX_TRAIT_ITEMS = 100
LAST_SEEN_GRANULARITY = timedelta(minutes=1)


def user_hash(identity_secret: str, external_id: str) -> str:
    return hmac.new(identity_secret.encode(), external_id.encode(), hashlib.sha256).hexdigest()


def verify_identity(compiled: dict[str, Any], external_id: str | None, sent: str | None) -> None:
    """When the project requires it, a named user must carry hex(HMAC-SHA256(secret, id))."""
    if not compiled["identity_verification"] or external_id is None:
        return
    expected = user_hash(compiled["identity_secret"], external_id)
    if not sent or not hmac.compare_digest(expected, sent.lower()):
        raise Unauthorized(
            "This project requires identity verification: user_hash is missing or wrong.",
            code="identity_verification_failed",
        )


def check_traits(traits: Any, path: str = "user.traits") -> dict[str, Any]:
    """Bounds that keep one user's row small: ≤ 100 keys ≤ 64 chars, values ≤ 1 KB."""
    if not isinstance(traits, dict):
        raise Invalid("Traits must be an object.", fields={path: ["Must be an object."]})
    problems: dict[str, list[str]] = {}
    if len(traits) > MAX_TRAITS:
        problems[path] = [f"At most {MAX_TRAITS} traits."]
    for key, value in traits.items():
        where = f"{path}.{key}"[:200]
        if not key or len(key) > MAX_TRAIT_KEY:
            problems[where] = [f"Trait names are 1 to {MAX_TRAIT_KEY} characters."]
        elif not _trait_value_ok(value):
            problems[where] = [
                "Use a string, number, boolean, null or a list of those "
                f"(at most {MAX_TRAIT_ITEMS} items, {MAX_TRAIT_BYTES} bytes)."
            ]
    if problems:
        raise Invalid.from_paths({(p,): m for p, m in problems.items()})
    return traits


def _trait_value_ok(value: Any) -> bool:
    scalar = (str, int, float, bool, type(None))
    if isinstance(value, list):
        if len(value) > MAX_TRAIT_ITEMS or not all(isinstance(v, scalar) for v in value):
            return False
    elif not isinstance(value, scalar):
        return False
    if isinstance(value, float) and value != value:  # NaN compares with nothing
        return False
    return len(json.dumps(value, ensure_ascii=False).encode()) <= MAX_TRAIT_BYTES


def merge_traits(user: EndUser, new: dict[str, Any]) -> None:
    if not new:
        return
    merged = {**(user.traits or {}), **new}
    # A null value removes the trait, as in Segment's and Intercom's APIs.
    merged = {key: value for key, value in merged.items() if value is not None}
    if len(merged) > MAX_TRAITS:
        raise Invalid(
            f"A user may have at most {MAX_TRAITS} traits.",
            fields={"user.traits": [f"At most {MAX_TRAITS} traits in all."]},
        )
    user.traits = merged


def _by_alias(project_id: int, anonymous_id: str) -> EndUser | None:
    return db.session.scalar(
        sa.select(EndUser)
        .join(UserAlias, UserAlias.end_user_id == EndUser.id)
        .where(UserAlias.project_id == project_id, UserAlias.anonymous_id == anonymous_id)
    )


def _by_external(project_id: int, external_id: str) -> EndUser | None:
    return db.session.scalar(
        sa.select(EndUser).where(
            EndUser.project_id == project_id, EndUser.external_id == external_id
        )
    )


def _create(
    project_id: int,
    anonymous_id: str,
    external_id: str | None,
    now: datetime,
    timezone: str,
    *,
    claim_alias: bool = True,
) -> EndUser:
    """A new user behind this browser, counted active and new from now on; if a
    concurrent request created them first (a session racing the first events beacon),
    the winner's row."""
    starts = rollups.period_starts(rollups.day_of(now, timezone))
    try:
        # On SQLite the request holds the write lock, so no one can win a race: no
        # savepoint needed.
        with _guard_race():
            user = EndUser(
                project_id=project_id,
                external_id=external_id,
                bucket_key=external_id or anonymous_id,
                traits={},
                first_seen=now,
                last_seen=now,
                # Set here, not updated after the insert: one statement less per new user.
                **{_ACTIVE_COLUMNS[period]: start for period, start in starts.items()},
            )
            db.session.add(user)
            db.session.flush()
            if claim_alias:
                # A plain insert: if this browser's alias exists now, another request won.
                db.session.add(
                    UserAlias(project_id=project_id, anonymous_id=anonymous_id, end_user_id=user.id)
                )
                db.session.flush()
    except sa.exc.IntegrityError:
        winner = _by_alias(project_id, anonymous_id) or (
            _by_external(project_id, external_id) if external_id else None
        )
        if winner is None:
            raise
        return winner
    rollups.add_activity(project_id, [(period, start, 1, 1) for period, start in starts.items()])
    return user


def _guard_race():
    if db.engine.dialect.name == "sqlite":
        return contextlib.nullcontext()
    return db.session.begin_nested()


def _point_alias(project_id: int, anonymous_id: str, user: EndUser) -> None:
    alias = db.session.scalar(
        sa.select(UserAlias).where(
            UserAlias.project_id == project_id, UserAlias.anonymous_id == anonymous_id
        )
    )
    if alias is None:
        db.session.add(
            UserAlias(project_id=project_id, anonymous_id=anonymous_id, end_user_id=user.id)
        )
    else:
        alias.end_user_id = user.id
    db.session.flush()


def known_and_current(
    project_id: int, anonymous_id: str, external_id: str | None, now: datetime, timezone: str
) -> EndUser | None:
    """The user behind this browser when a session of theirs would write nothing: known
    under this identity, seen within the minute, counted active today. Else None."""
    user = _by_alias(project_id, anonymous_id)
    if user is None or user.external_id != external_id:
        return None
    if now - user.last_seen >= LAST_SEEN_GRANULARITY:
        return None
    starts = rollups.period_starts(rollups.day_of(now, timezone))
    if any(getattr(user, _ACTIVE_COLUMNS[period]) != start for period, start in starts.items()):
        return None
    return user


def find_or_create(
    project_id: int,
    anonymous_id: str,
    external_id: str | None,
    now: datetime,
    timezone: str = "UTC",
) -> EndUser:
    """The user behind this browser, identified when an external id is given."""
    browser_user = _by_alias(project_id, anonymous_id)
    if external_id is None:
        user = browser_user or _create(project_id, anonymous_id, None, now, timezone)
    else:
        user = _identify(project_id, anonymous_id, external_id, browser_user, now, timezone)
    if now - user.last_seen >= LAST_SEEN_GRANULARITY:
        user.last_seen = now  # once a minute at most: a session must not always write
    _count_activity(user, now, timezone)
    return user


_ACTIVE_COLUMNS = {"day": "active_day", "week": "active_week", "month": "active_month"}


def _count_activity(user: EndUser, now: datetime, timezone: str) -> None:
    """Count the user once per day, week and month they are active in, and once as new."""
    starts = rollups.period_starts(rollups.day_of(now, timezone))
    is_new = user.active_day is None
    changes = []
    for period, start in starts.items():
        column = _ACTIVE_COLUMNS[period]
        if getattr(user, column) != start:
            setattr(user, column, start)
            changes.append((period, start, 1, 1 if is_new else 0))
    if changes:
        rollups.add_activity(user.project_id, changes)


def _identify(
    project_id: int,
    anonymous_id: str,
    external_id: str,
    browser_user: EndUser | None,
    now: datetime,
    timezone: str,
) -> EndUser:
    known = _by_external(project_id, external_id)
    if browser_user is not None and browser_user.external_id == external_id:
        return browser_user
    if known is None:
        if browser_user is not None and browser_user.external_id is None:
            browser_user.external_id = external_id  # first sign-in on this browser
            db.session.flush()
            return browser_user
        if browser_user is None:
            return _create(project_id, anonymous_id, external_id, now, timezone)
        # The browser belonged to another signed-in user: a new user takes it over.
        user = _create(project_id, anonymous_id, external_id, now, timezone, claim_alias=False)
        _point_alias(project_id, anonymous_id, user)
        return user
    if browser_user is not None and browser_user.external_id is None:
        merge(browser_user, into=known)
    else:
        # No browser user yet, or the browser belonged to another signed-in user: repoint.
        _point_alias(project_id, anonymous_id, known)
    return known


def merge(source: EndUser, into: EndUser) -> None:
    """Move everything of an anonymous user to the identified one, counting each user once."""
    target_progress = {
        p.flow_id: p
        for p in db.session.scalars(sa.select(Progress).where(Progress.end_user_id == into.id))
    }
    for row in db.session.scalars(sa.select(Progress).where(Progress.end_user_id == source.id)):
        kept = target_progress.get(row.flow_id)
        if kept is None:
            row.end_user_id = into.id
        else:
            _merge_progress(row, kept, into)
            db.session.delete(row)
    db.session.flush()
    db.session.execute(
        sa.delete(Assignment).where(
            Assignment.end_user_id == source.id,
            Assignment.experiment_id.in_(
                sa.select(Assignment.experiment_id).where(Assignment.end_user_id == into.id)
            ),
        )
    )
    for model in (Assignment, Event, Response, UserAlias):
        db.session.execute(
            sa.update(model).where(model.end_user_id == source.id).values(end_user_id=into.id)
        )
    _merge_activity(source, into)
    into.traits = {**(source.traits or {}), **(into.traits or {})}
    into.first_seen = min(into.first_seen, source.first_seen)
    db.session.delete(source)
    db.session.flush()


def _merge_activity(source: EndUser, into: EndUser) -> None:
    """Two users active in the same period, or both counted new, are one user now."""
    both_counted = source.active_day is not None and into.active_day is not None
    changes = []
    for period, column in _ACTIVE_COLUMNS.items():
        start, kept = getattr(source, column), getattr(into, column)
        if start is not None and start == kept:
            changes.append((period, start, -1, 0))
        elif start is not None and (kept is None or start > kept):
            setattr(into, column, start)
    if both_counted:
        # Each was counted new in the periods of its first visit; keep the earlier one.
        later = source if source.first_seen >= into.first_seen else into
        day = rollups.day_of(later.first_seen, rollups.project_timezone(source.project_id))
        changes.extend(
            (period, start, 0, -1) for period, start in rollups.period_starts(day).items()
        )
    if changes:
        rollups.add_activity(source.project_id, changes)


_TRANSITIONS = (
    ("shown_at", "shown"),
    ("started_at", "started"),
    ("completed_at", "completed"),
    ("dismissed_at", "dismissed"),
)


def _merge_progress(gone: Progress, kept: Progress, owner: EndUser) -> None:
    """Fold `gone` into `kept`; each transition both rows counted is given back once."""
    timezone = rollups.project_timezone(owner.project_id)
    for column, counter in _TRANSITIONS:
        a, b = getattr(gone, column), getattr(kept, column)
        if a is not None and b is not None:
            later = gone if a >= b else kept
            rollups.add_flow_day(
                later.project_id,
                later.flow_id,
                rollups.day_of(getattr(later, column), timezone),
                later.version,
                later.variant,
                {counter: -1},
            )
        if a is not None and (b is None or a < b):
            setattr(kept, column, a)
    # Steps both rows had reached were counted as viewed twice.
    overlap = min(gone.furthest_step, kept.furthest_step)
    if overlap >= 0 and gone.shown_at is not None:
        day = rollups.day_of(gone.shown_at, timezone)
        for step in range(overlap + 1):
            rollups.add_step_day(
                gone.project_id, gone.flow_id, day, gone.version, gone.variant, step, {"viewed": -1}
            )
    if (
        gone.dismissed_at is not None
        and kept.dismissed_at is not None
        and gone.dismissed_step is not None
    ):
        rollups.add_step_day(
            gone.project_id,
            gone.flow_id,
            rollups.day_of(gone.dismissed_at, timezone),
            gone.version,
            gone.variant,
            gone.dismissed_step,
            {"dismissed": -1},
        )
    kept.furthest_step = max(kept.furthest_step, gone.furthest_step)
    kept.times_shown += gone.times_shown
    kept.last_shown_at = max(filter(None, (kept.last_shown_at, gone.last_shown_at)), default=None)
    kept.status = _merged_status(kept)


def _merged_status(row: Progress) -> ProgressStatus:
    if row.completed_at is not None:
        return ProgressStatus.completed
    if row.dismissed_at is not None:
        return ProgressStatus.dismissed
    if row.started_at is not None:
        return ProgressStatus.in_progress
    return ProgressStatus.shown


def get_user(project_id: int, user_id: int) -> EndUser:
    user = db.session.scalar(
        sa.select(EndUser).where(EndUser.project_id == project_id, EndUser.id == user_id)
    )
    if user is None:
        raise NotFound("No such user.")
    return user


def list_query(project_id: int, q: str | None):
    query = sa.select(EndUser).where(EndUser.project_id == project_id)
    if q:
        query = query.where(EndUser.external_id.like(f"%{q}%"))
    return query.order_by(EndUser.last_seen.desc(), EndUser.id.desc())


def erase(user: EndUser) -> None:
    """Remove a user's traits, events, progress, answers and assignments; rollups stay."""
    for model in (Response, Assignment, Progress, Event, UserAlias):
        db.session.execute(sa.delete(model).where(model.end_user_id == user.id))
    db.session.delete(user)
    db.session.flush()
