"""Analytics: flow funnels and summaries, questionnaire results, experiments, overview."""

from __future__ import annotations

from flask import Response, stream_with_context

from ..models import Role
from ..schemas.analytics import (
    ExperimentResultsSchema,
    FlowArgs,
    FlowReportSchema,
    FlowsTotalsSchema,
    OverviewSchema,
    RangeArgs,
    ResponsesArgs,
    ResponsesReportSchema,
)
from ..services import analytics
from ..services import experiments as experiment_service
from ..services import flows as flow_service
from .access import project_for
from .blueprint import Blueprint

blp = Blueprint(
    "analytics",
    __name__,
    url_prefix="/api/v1/projects/<int:pid>",
    description="Funnels, summaries, questionnaire results and experiment statistics.",
)


@blp.route("/analytics/overview", methods=["GET"])
@blp.arguments(RangeArgs, location="query")
@blp.response(200, OverviewSchema)
def overview(args, pid: int):
    """Active users by day/week/month, guides by day, worst drop-offs, guide health."""
    project = project_for(pid, Role.viewer)
    return analytics.overview(pid, project.timezone, args)


@blp.route("/analytics/flows", methods=["GET"])
@blp.arguments(RangeArgs, location="query")
@blp.response(200, FlowsTotalsSchema)
def flows_totals(args, pid: int):
    """Every flow's users shown, started, completed, dismissed and completion rate over
    the range, with users shown per day: one request for a whole list of flows."""
    project = project_for(pid, Role.viewer)
    return analytics.flows_totals(project.id, project.timezone, args)


@blp.route("/analytics/flows/<int:fid>", methods=["GET"])
@blp.arguments(FlowArgs, location="query")
@blp.response(200, FlowReportSchema)
def flow_report(args, pid: int, fid: int):
    """Summary, daily trend and step funnel of one flow (by version and variant)."""
    project = project_for(pid, Role.viewer)
    return analytics.flow_report(flow_service.get_flow(pid, fid), project.timezone, args)


@blp.route("/analytics/flows/<int:fid>/responses", methods=["GET"])
@blp.arguments(ResponsesArgs, location="query")
@blp.response(200, ResponsesReportSchema)
@blp.alt_response(200, description="`format=csv`: every answer as CSV.", content_type="text/csv")
def responses(args, pid: int, fid: int):
    """Answer distributions and NPS; free-text answers by page; or every answer as CSV."""
    project = project_for(pid, Role.viewer)
    flow = flow_service.get_flow(pid, fid)
    if args["format"] == "csv":
        rows = analytics.responses_csv(flow, project.timezone, args)
        first = next(rows)  # validates the range and version before the 200 goes out
        body = stream_with_context(_chain(first, rows))
        filename = f"{flow.key}-responses.csv"
        return Response(
            body,
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    return analytics.responses_report(flow, project.timezone, args)


def _chain(first, rest):
    yield first
    yield from rest


@blp.route("/experiments/<int:eid>/results", methods=["GET"])
@blp.response(200, ExperimentResultsSchema)
def experiment_results(pid: int, eid: int):
    """Per variant: exposed, conversions in the window, rate, lift with 95% interval,
    p-value (two-proportion z-test), and a sample-ratio-mismatch check."""
    project_for(pid, Role.viewer)
    return analytics.experiment_results(experiment_service.get_experiment(pid, eid))
