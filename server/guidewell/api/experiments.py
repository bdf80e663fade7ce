"""A/B experiments on flows."""

from __future__ import annotations

from flask.views import MethodView

from ..extensions import db
from ..models import Role
from ..schemas.common import paginate
from ..schemas.experiment import (
    ExperimentCreateSchema,
    ExperimentListArgs,
    ExperimentPageSchema,
    ExperimentSchema,
    ExperimentUpdateSchema,
)
from ..services import experiments as experiment_service
from .access import project_for
from .blueprint import Blueprint

blp = Blueprint(
    "experiments",
    __name__,
    url_prefix="/api/v1/projects/<int:pid>/experiments",
    description="A/B tests: variants of a flow's versions, or a holdout.",
)


@blp.route("")
class Experiments(MethodView):
    @blp.arguments(ExperimentListArgs, location="query")
    @blp.response(200, ExperimentPageSchema)
    def get(self, args, pid: int):
        project_for(pid, Role.viewer)
        query = experiment_service.list_query(
            pid, flow_id=args.get("flow_id"), status=args.get("status")
        )
        return paginate(query, args)

    @blp.arguments(ExperimentCreateSchema)
    @blp.response(201, ExperimentSchema)
    def post(self, data, pid: int):
        """Create a draft experiment on a flow."""
        project_for(pid, Role.editor)
        experiment = experiment_service.create_experiment(pid, data)
        db.session.commit()
        return experiment


@blp.route("/<int:eid>")
class ExperimentDetail(MethodView):
    @blp.response(200, ExperimentSchema)
    def get(self, pid: int, eid: int):
        project_for(pid, Role.viewer)
        return experiment_service.get_experiment(pid, eid)

    @blp.arguments(ExperimentUpdateSchema)
    @blp.response(200, ExperimentSchema)
    def patch(self, data, pid: int, eid: int):
        """Edit; after the start only the name and the weights may change."""
        project_for(pid, Role.editor)
        experiment = experiment_service.get_experiment(pid, eid)
        experiment_service.update_experiment(experiment, data)
        db.session.commit()
        return experiment


@blp.route("/<int:eid>/start", methods=["POST"])
@blp.response(200, ExperimentSchema)
def start(pid: int, eid: int):
    """Start (or resume) assigning users; one running experiment per flow."""
    project_for(pid, Role.editor)
    experiment = experiment_service.start(experiment_service.get_experiment(pid, eid))
    db.session.commit()
    return experiment


@blp.route("/<int:eid>/stop", methods=["POST"])
@blp.response(200, ExperimentSchema)
def stop(pid: int, eid: int):
    """Stop assigning; everyone sees the flow's live version again."""
    project_for(pid, Role.editor)
    experiment = experiment_service.stop(experiment_service.get_experiment(pid, eid))
    db.session.commit()
    return experiment
