"""Project members and their roles (owners manage them)."""

from __future__ import annotations

from flask.views import MethodView

from ..extensions import db
from ..models import Role
from ..schemas.project import (
    MemberAddedSchema,
    MemberCreateSchema,
    MemberSchema,
    MemberUpdateSchema,
)
from ..services import accounts
from ..services import projects as project_service
from ..signing import sign
from ..urls import public_url
from .access import project_for
from .blueprint import Blueprint

blp = Blueprint(
    "members",
    __name__,
    url_prefix="/api/v1/projects/<int:pid>/members",
    description="Who can work on a project, and as what.",
)


@blp.route("")
class Members(MethodView):
    @blp.response(200, MemberSchema(many=True))
    def get(self, pid: int):
        """Everyone with a role in the project."""
        project_for(pid, Role.viewer)
        return project_service.members_of(pid)

    @blp.arguments(MemberCreateSchema)
    @blp.response(201, MemberAddedSchema)
    def post(self, data, pid: int):
        """Add an existing account, or answer an invitation link for a new one (7 days)."""
        project = project_for(pid, Role.owner)
        account = accounts.find_account(data["email"])
        if account is None:
            token = sign(
                "invite",
                {
                    "project_id": pid,
                    "email": accounts.normalize_email(data["email"]),
                    "role": data["role"],
                },
            )
            return {"member": None, "invitation_url": public_url(f"admin/invite#{token}")}
        membership = project_service.add_member(project, account, Role(data["role"]))
        db.session.commit()
        return {"member": membership, "invitation_url": None}


@blp.route("/<int:aid>")
class Member(MethodView):
    @blp.arguments(MemberUpdateSchema)
    @blp.response(200, MemberSchema)
    def patch(self, data, pid: int, aid: int):
        """Change a member's role; a project always keeps one owner."""
        project_for(pid, Role.owner)
        membership = project_service.get_membership(pid, aid)
        project_service.change_role(membership, Role(data["role"]))
        db.session.commit()
        return membership

    @blp.response(204)
    def delete(self, pid: int, aid: int):
        """Remove a member; a project always keeps one owner."""
        project_for(pid, Role.owner)
        project_service.remove_member(project_service.get_membership(pid, aid))
        db.session.commit()
