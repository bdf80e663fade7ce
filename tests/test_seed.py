"""`guidewell seed-analytics`: synthetic traffic whose rollups agree with its progress rows."""

from __future__ import annotations

import sqlalchemy as sa

from guidewell.extensions import db
from guidewell.models import Assignment, EndUser, Flow, Progress, Response
from guidewell.services import analytics


def test_seeded_rollups_agree_with_progress_rows(app, factory):
    tenant = factory.tenant()
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "seed-analytics",
            "--project",
            str(tenant.project_id),
            "--users",
            "600",
            "--days",
            "20",
        ]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        tour = db.session.scalar(sa.select(Flow).where(Flow.key == "seed-tour"))
        report = analytics.flow_report(tour, "UTC", {})

        def progress(*where) -> int:
            return db.session.scalar(
                sa.select(sa.func.count())
                .select_from(Progress)
                .where(Progress.flow_id == tour.id, *where)
            )

        assert report["summary"]["shown"] == progress(Progress.shown_at.is_not(None))
        assert report["summary"]["completed"] == progress(Progress.completed_at.is_not(None))
        assert report["summary"]["dismissed"] == progress(Progress.dismissed_at.is_not(None))
        assert [s["viewed"] for s in report["funnel"]] == [
            progress(Progress.furthest_step >= step) for step in range(5)
        ]
        viewed = [s["viewed"] for s in report["funnel"]]
        assert viewed == sorted(viewed, reverse=True) and viewed[0] > viewed[-1] > 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(EndUser)) == 600
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) > 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Assignment)) > 0


def test_seeding_twice_reuses_the_seeded_flows(app, factory):
    tenant = factory.tenant()
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(
            args=["seed-analytics", "--project", str(tenant.project_id), "--users", "50"]
        )
        assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Flow)) == 3


def test_unknown_project_is_refused(app):
    result = app.test_cli_runner().invoke(
        args=["seed-analytics", "--project", "999", "--users", "5"]
    )
    assert result.exit_code != 0 and "No such project" in result.output
