"""Links that carry a flow's draft to the customer's app: the builder and previews."""

from __future__ import annotations

from ..models import Role
from ..schemas.builder import LinkRequestSchema, LinkSchema
from ..services import builder
from ..services import flows as flow_service
from .access import current_account, project_for
from .blueprint import Blueprint

blp = Blueprint(
    "links",
    __name__,
    url_prefix="/api/v1/projects/<int:pid>/flows/<int:fid>",
    description="Builder mode and preview links: signed, expiring, in the URL fragment.",
)


@blp.route("/builder", methods=["POST"])
@blp.arguments(LinkRequestSchema)
@blp.response(200, LinkSchema)
def builder_link(data, pid: int, fid: int):
    """A one-hour builder link: pick elements and edit this flow's draft on your app.

    Needs an editor's login (the token acts for that person); it can save the draft,
    never publish it."""
    account = current_account()
    project = project_for(pid, Role.editor)
    flow = flow_service.get_flow(pid, fid)
    return builder.builder_link(project, flow, account, data.get("url"))


@blp.route("/preview-link", methods=["POST"])
@blp.arguments(LinkRequestSchema)
@blp.response(200, LinkSchema)
def preview_link(data, pid: int, fid: int):
    """A seven-day link that shows this flow's draft to whoever opens it, uncounted."""
    project = project_for(pid, Role.viewer)
    flow = flow_service.get_flow(pid, fid)
    return builder.preview_link(project, flow, data.get("url"))
