"""End users of the customer's app: look them up, and erase one on request."""

from __future__ import annotations

from flask.views import MethodView

from ..extensions import db
from ..models import Role
from ..schemas.common import paginate
from ..schemas.enduser import EndUserListArgs, EndUserPageSchema, EndUserSchema
from ..services import users as user_service
from .access import project_for
from .blueprint import Blueprint

blp = Blueprint(
    "users",
    __name__,
    url_prefix="/api/v1/projects/<int:pid>/users",
    description="End users seen by the SDK; erasure on request (GDPR art. 17).",
)


@blp.route("")
@blp.arguments(EndUserListArgs, location="query")
@blp.response(200, EndUserPageSchema)
def list_users(args, pid: int):
    """Users by last seen; `q` searches external ids."""
    project_for(pid, Role.viewer)
    return paginate(user_service.list_query(pid, args.get("q")), args)


@blp.route("/<int:uid>")
class EndUserDetail(MethodView):
    @blp.response(200, EndUserSchema)
    def get(self, pid: int, uid: int):
        project_for(pid, Role.viewer)
        return user_service.get_user(pid, uid)

    @blp.response(204)
    def delete(self, pid: int, uid: int):
        """Erase the user's traits, events, progress, answers and assignments (rollups stay)."""
        project_for(pid, Role.editor)
        user_service.erase(user_service.get_user(pid, uid))
        db.session.commit()
