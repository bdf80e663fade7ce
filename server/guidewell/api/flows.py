"""Flows: drafts, publishing, versions, import and export."""

from __future__ import annotations

from flask.views import MethodView

from ..extensions import db
from ..models import Flow, Role
from ..schemas.common import paginate
from ..schemas.flow import (
    FlowCreateSchema,
    FlowListArgs,
    FlowPageSchema,
    FlowSchema,
    FlowUpdateSchema,
    ImportResultSchema,
    ImportSchema,
    VersionSchema,
    VersionSummarySchema,
)
from ..services import flow_io
from ..services import flows as flow_service
from .access import current_principal, project_for
from .blueprint import Blueprint

blp = Blueprint(
    "flows",
    __name__,
    url_prefix="/api/v1/projects/<int:pid>/flows",
    description="Guides of every kind: draft, publish, version, restore.",
)


def flow_view(flow: Flow) -> dict:
    return {
        **{
            column: getattr(flow, column)
            for column in (
                "id",
                "key",
                "kind",
                "name",
                "status",
                "live_version",
                "latest_version",
                "created_at",
                "updated_at",
            )
        },
        "draft": {
            "content": flow.draft_content,
            "targeting": flow.draft_targeting,
            "theme": flow.draft_theme,
        },
        "has_unpublished_changes": flow_service.has_unpublished_changes(flow),
    }


def _flow(pid: int, fid: int, role: Role) -> Flow:
    project_for(pid, role)
    return flow_service.get_flow(pid, fid)


@blp.route("")
class Flows(MethodView):
    @blp.arguments(FlowListArgs, location="query")
    @blp.response(200, FlowPageSchema)
    def get(self, args, pid: int):
        """Flows of the project, newest edits first; archived ones only when asked for."""
        project_for(pid, Role.viewer)
        query = flow_service.list_query(
            pid, status=args.get("status"), kind=args.get("kind"), q=args.get("q")
        )
        return paginate(query, args)

    @blp.arguments(FlowCreateSchema)
    @blp.response(201, FlowSchema)
    def post(self, data, pid: int):
        """Create a draft flow (content defaults to a starter for its kind)."""
        project_for(pid, Role.editor)
        flow = flow_service.create_flow(pid, data)
        db.session.commit()
        return flow_view(flow)


@blp.route("/<int:fid>")
class FlowDetail(MethodView):
    @blp.response(200, FlowSchema)
    def get(self, pid: int, fid: int):
        """One flow with its draft."""
        return flow_view(_flow(pid, fid, Role.viewer))

    @blp.arguments(FlowUpdateSchema)
    @blp.response(200, FlowSchema)
    def patch(self, data, pid: int, fid: int):
        """Edit the draft (never a published version)."""
        flow = flow_service.update_draft(_flow(pid, fid, Role.editor), data)
        db.session.commit()
        return flow_view(flow)

    @blp.response(204)
    def delete(self, pid: int, fid: int):
        """Delete a flow that was never published; published ones can only be archived."""
        flow_service.delete(_flow(pid, fid, Role.editor))
        db.session.commit()


@blp.route("/<int:fid>/publish", methods=["POST"])
@blp.response(200, FlowSchema)
def publish(pid: int, fid: int):
    """Snapshot the draft as the next version and make it live."""
    flow = _flow(pid, fid, Role.editor)
    flow_service.publish(flow, current_principal().account)
    db.session.commit()
    return flow_view(flow)


@blp.route("/<int:fid>/unpublish", methods=["POST"])
@blp.response(200, FlowSchema)
def unpublish(pid: int, fid: int):
    """Stop showing the flow (back to draft); running experiments on it stop."""
    flow = flow_service.unpublish(_flow(pid, fid, Role.editor))
    db.session.commit()
    return flow_view(flow)


@blp.route("/<int:fid>/archive", methods=["POST"])
@blp.response(200, FlowSchema)
def archive(pid: int, fid: int):
    """Stop showing the flow and hide it from the default list; its analytics stay."""
    flow = flow_service.archive(_flow(pid, fid, Role.editor))
    db.session.commit()
    return flow_view(flow)


@blp.route("/<int:fid>/duplicate", methods=["POST"])
@blp.response(201, FlowSchema)
def duplicate(pid: int, fid: int):
    """A new draft flow with a copy of this one's draft."""
    flow = flow_service.duplicate(_flow(pid, fid, Role.editor))
    db.session.commit()
    return flow_view(flow)


@blp.route("/<int:fid>/versions", methods=["GET"])
@blp.response(200, VersionSummarySchema(many=True))
def versions(pid: int, fid: int):
    """Published versions, newest first."""
    return flow_service.versions(_flow(pid, fid, Role.viewer))


@blp.route("/<int:fid>/versions/<int:number>", methods=["GET"])
@blp.response(200, VersionSchema)
def version(pid: int, fid: int, number: int):
    """One published version with its content, targeting and theme."""
    flow = _flow(pid, fid, Role.viewer)
    return flow_service.version_view(flow, flow_service.get_version(flow, number))


@blp.route("/<int:fid>/versions/<int:number>/restore", methods=["POST"])
@blp.response(200, FlowSchema)
def restore(pid: int, fid: int, number: int):
    """Copy a version into the draft; publish it to roll back."""
    flow = flow_service.restore(_flow(pid, fid, Role.editor), number)
    db.session.commit()
    return flow_view(flow)


@blp.route("/export", methods=["GET"])
@blp.response(200, ImportSchema)
def export(pid: int):
    """Every flow's draft and the segments they use, as one portable document."""
    project_for(pid, Role.viewer)
    return flow_io.export_flows(pid)


@blp.route("/import", methods=["POST"])
@blp.arguments(ImportSchema)
@blp.response(200, ImportResultSchema)
def import_(data, pid: int):
    """Create (or, with on_conflict, skip or overwrite) drafts from an export document."""
    project_for(pid, Role.editor)
    result = flow_io.import_flows(pid, data)
    db.session.commit()
    return result
