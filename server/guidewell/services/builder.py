"""Builder mode and preview links: signed, expiring tokens that carry a draft to the
customer's own app (DESIGN §4, §10).

A builder token lets the SDK on the customer's page read one flow's draft and save
its content, for one hour, on behalf of the editor who opened it. A preview token
lets whoever opens the link see that draft, uncounted. Both travel in the URL
fragment, so they never reach the customer's server logs, and both are checked
against the page's origin: the project's allowed origins when it lists any,
otherwise the one origin the link was made for.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from flask import request

from ..errors import Conflict, Invalid, Unauthorized
from ..extensions import db
from ..models import Account, Flow, FlowStatus, Project, Role
from ..signing import sign_with_expiry, unsign_with_expiry
from ..urls import public_url
from . import accounts
from . import flows as flow_service
from . import projects as project_service
from .content_cache import flow_payload

BUILDER_FRAGMENT = "gw-builder"
PREVIEW_FRAGMENT = "gw-preview"


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _page_url(project: Project, flow: Flow, url: str | None) -> str:
    if flow.status == FlowStatus.archived:
        raise Conflict("This flow is archived: duplicate it to work on a copy.", code="archived")
    page = url or project.app_url
    if not page:
        raise Invalid.from_paths(
            {("url",): ["Give the page to open, or set the app URL in the project's settings."]}
        )
    allowed = project.allowed_origins or []
    if allowed and origin_of(page) not in allowed:
        raise Invalid.from_paths(
            {
                ("url",): [
                    f"{origin_of(page)} is not one of the project's allowed origins; "
                    "add it in Settings first."
                ]
            }
        )
    return page


def _with_fragment(url: str, name: str, token: str) -> str:
    # The token replaces any fragment the page had: it must be the one the SDK reads.
    parts = urlsplit(url)
    return urlunsplit(parts._replace(fragment=f"{name}={token}"))


def builder_link(project: Project, flow: Flow, account: Account, url: str | None) -> dict:
    """A builder token for `flow`, and the page URL that carries it."""
    page = _page_url(project, flow, url)
    token, expires = sign_with_expiry(
        "builder",
        {
            "p": project.id,
            "f": flow.id,
            "a": account.id,
            "o": origin_of(page),
            "pw": accounts.password_mark(account),
        },
    )
    return {
        "token": token,
        "url": _with_fragment(page, BUILDER_FRAGMENT, token),
        "expires_at": expires,
    }


def preview_link(project: Project, flow: Flow, url: str | None) -> dict:
    """A preview token for `flow`'s draft, and the page URL that carries it."""
    page = _page_url(project, flow, url)
    token, expires = sign_with_expiry(
        "preview", {"p": project.id, "f": flow.id, "o": origin_of(page)}
    )
    return {
        "token": token,
        "url": _with_fragment(page, PREVIEW_FRAGMENT, token),
        "expires_at": expires,
    }


def _refused(message: str) -> Unauthorized:
    return Unauthorized(message, code="token_invalid")


def _check_scope(payload: dict[str, Any], project: Project) -> Flow:
    """The flow the token names, when it belongs to the page's project and origin."""
    if payload.get("p") != project.id:
        raise _refused("This link belongs to another project.")
    origin = (request.headers.get("Origin") or "").lower()
    allowed = project.allowed_origins or []
    if not origin or (origin not in allowed if allowed else origin != payload.get("o")):
        raise _refused("This link does not work on this site.")
    flow_id = payload.get("f")
    flow = db.session.get(Flow, flow_id) if isinstance(flow_id, int) else None
    if flow is None or flow.project_id != project.id or flow.status == FlowStatus.archived:
        raise _refused("The flow of this link no longer exists.")
    return flow


def builder_flow(token: str, project: Project) -> tuple[Flow, Account, datetime]:
    """The flow and editor a builder token acts for, after every check."""
    payload, expires = unsign_with_expiry("builder", token)
    flow = _check_scope(payload, project)
    account_id = payload.get("a")
    account = db.session.get(Account, account_id) if isinstance(account_id, int) else None
    if account is None or payload.get("pw") != accounts.password_mark(account):
        raise _refused("This builder link was revoked; open the builder again.")
    role = project_service.role_of(account.id, project.id)
    if role is None or not role.allows(Role.editor):
        raise _refused("You can no longer edit this project.")
    return flow, account, expires


def preview_flow(token: str, project: Project) -> Flow:
    payload, _ = unsign_with_expiry("preview", token)
    return _check_scope(payload, project)


def draft_payload(flow: Flow, project: Project) -> dict[str, Any]:
    """The draft as the SDK renders a flow: version 0, no variant, no progress."""
    payload = flow_payload(
        flow, 0, flow.draft_content, flow.draft_targeting, flow.draft_theme, project.theme
    )
    return {**payload, "variant": None, "experiment": None, "holdout": False, "progress": None}


def builder_view(flow: Flow, project: Project, account: Account, expires: datetime) -> dict:
    return {
        "flow": {
            "id": flow.id,
            "key": flow.key,
            "kind": flow.kind.value,
            "name": flow.name,
            "status": flow.status.value,
            "revision": revision_of(flow),
        },
        "draft": draft_payload(flow, project),
        "account": {"email": account.email},
        "expires_at": expires.isoformat(),
        "admin_url": public_url(f"admin/p/{project.id}/flows/{flow.id}"),
    }


def revision_of(flow: Flow) -> str:
    """What the builder saw: a save based on another revision would undo someone's edit."""
    return flow.updated_at.isoformat()


def save_content(flow: Flow, content: Any, base: str) -> Flow:
    """Saves the builder's content into the draft; publishing stays in the admin."""
    if base != revision_of(flow):
        raise Conflict(
            "The draft changed since the builder loaded it; reload to see the changes.",
            code="draft_changed",
        )
    return flow_service.update_draft(flow, {"content": content})
