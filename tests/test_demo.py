"""The demo project `guidewell demo` seeds."""

from __future__ import annotations

import sqlalchemy as sa

from guidewell.extensions import db
from guidewell.models import EndUser, Experiment, ExperimentStatus, Flow
from guidewell.services import demo


def test_demo_has_one_guide_of_each_kind_a_running_test_and_traffic(app):
    with app.app_context():
        seeded = demo.seed_demo("http://127.0.0.1:5000")
        again = demo.seed_demo("http://127.0.0.1:5000")
        assert again.project_id == seeded.project_id
        flows = db.session.scalars(sa.select(Flow).where(Flow.project_id == seeded.project_id))
        assert {f.kind.value for f in flows} == {
            "tour",
            "hotspot",
            "announcement",
            "questionnaire",
            "checklist",
        }
        assert all(f.live_version for f in db.session.scalars(sa.select(Flow)))
        experiment = db.session.scalar(sa.select(Experiment))
        assert experiment.status == ExperimentStatus.running
        users = db.session.scalar(sa.select(sa.func.count()).select_from(EndUser))
        assert users == demo.DEMO_USERS  # seeded once, not again on the second run


def test_demo_page_serves_the_host_app_on_every_route(app, client):
    with app.app_context():
        key = demo.seed_demo("http://127.0.0.1:5000").public_key
    for path in ("/demo/", "/demo/reports", "/demo/settings"):
        page = client.get(path).get_data(as_text=True)
        assert f'data-key="{key}"' in page
    assert client.get("/demo/assets/demo.js").status_code == 200
    assert client.get("/demo/assets/nope.js").status_code == 404
