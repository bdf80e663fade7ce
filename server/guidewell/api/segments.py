"""Saved audiences."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from flask.views import MethodView

from ..errors import Invalid
from ..extensions import db
from ..models import Role, Segment
from ..schemas.common import paginate
from ..schemas.segment import (
    SegmentCountArgs,
    SegmentCountSchema,
    SegmentCreateSchema,
    SegmentListArgs,
    SegmentPageSchema,
    SegmentSchema,
    SegmentUpdateSchema,
)
from ..services import segments as segment_service
from .access import project_for
from .blueprint import Blueprint

blp = Blueprint(
    "segments",
    __name__,
    url_prefix="/api/v1/projects/<int:pid>/segments",
    description="Saved audiences that flows target by reference.",
)


@blp.route("")
class Segments(MethodView):
    @blp.arguments(SegmentListArgs, location="query")
    @blp.response(200, SegmentPageSchema)
    def get(self, args, pid: int):
        """Segments of the project by name."""
        project_for(pid, Role.viewer)
        query = sa.select(Segment).where(Segment.project_id == pid)
        if args.get("q"):
            # autoescape: a % or _ the user typed is a character, not a wildcard.
            name = sa.func.lower(Segment.name)
            query = query.where(name.contains(args["q"].lower(), autoescape=True))
        return paginate(query.order_by(Segment.name, Segment.id), args)

    @blp.arguments(SegmentCreateSchema)
    @blp.response(201, SegmentSchema)
    def post(self, data, pid: int):
        """Save an audience condition under a name."""
        project_for(pid, Role.editor)
        segment = segment_service.create_segment(pid, data)
        db.session.commit()
        return segment


@blp.route("/<int:sid>")
class SegmentDetail(MethodView):
    @blp.response(200, SegmentSchema)
    def get(self, pid: int, sid: int):
        project_for(pid, Role.viewer)
        return segment_service.get_segment(pid, sid)

    @blp.arguments(SegmentUpdateSchema)
    @blp.response(200, SegmentSchema)
    def patch(self, data, pid: int, sid: int):
        """Change a segment; flows using it see the change at their next evaluation."""
        project_for(pid, Role.editor)
        segment = segment_service.update_segment(segment_service.get_segment(pid, sid), data)
        db.session.commit()
        return segment

    @blp.response(204)
    def delete(self, pid: int, sid: int):
        """Delete a segment no flow or segment uses (409 names the users otherwise)."""
        project_for(pid, Role.editor)
        segment_service.delete_segment(segment_service.get_segment(pid, sid))
        db.session.commit()


@blp.route("/count", methods=["POST"])
@blp.arguments(SegmentCountArgs)
@blp.response(200, SegmentCountSchema)
def count(data, pid: int):
    """How many end users a condition (saved or not) matches right now."""
    project_for(pid, Role.viewer)
    missing = segment_service.missing_references(pid, data["condition"], ("condition",))
    if missing:
        raise Invalid.from_paths(missing)
    return segment_service.count_matching(pid, data["condition"], datetime.now(UTC))
