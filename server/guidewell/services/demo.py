"""The demo project `guidewell demo` seeds and `/demo/` shows.

One of each kind of guide, aimed at the demo host app's elements, an A/B test on the
banner, and a few thousand synthetic users so the admin's analytics have something
to show from the first minute.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..extensions import db
from ..models import Account, EndUser, Experiment, Flow, Membership, Project, Role
from . import accounts, projects
from . import flows as flow_service
from .seed import SeedFlows, running_banner_experiment, seed

DEMO_EMAIL = "demo@guidewell.local"
DEMO_PASSWORD = "guidewell-demo"
DEMO_PROJECT = "Guidewell Demo"
DEMO_USERS = 3000
ON_DEMO_PAGES = {"include": [{"match": "starts_with", "value": "/demo"}], "exclude": []}


@dataclass(frozen=True)
class DemoSeed:
    email: str
    password: str
    project_id: int
    public_key: str


def _demo_project() -> Project | None:
    return db.session.scalar(
        sa.select(Project)
        .join(Membership, Membership.project_id == Project.id)
        .join(Membership.account)
        .where(
            Project.name == DEMO_PROJECT,
            Membership.role == Role.owner,
            Account.email == DEMO_EMAIL,
        )
    )


def demo_public_key() -> str | None:
    project = _demo_project()
    return project.public_key if project else None


def _flows(base_url: str) -> dict[str, dict[str, Any]]:
    """The demo guides, keyed by flow key."""
    return {
        "welcome-tour": {
            "kind": "tour",
            "name": "Welcome tour",
            "content": {
                "steps": [
                    {
                        "title": "Welcome to Acme Analytics",
                        "body": "<p>A quick tour of the three things you will use every day.</p>",
                    },
                    {
                        "target": {
                            "selector": "#new-report",
                            "fingerprint": {
                                "tag": "button",
                                "id": "new-report",
                                "text": "New report",
                            },
                        },
                        "placement": "bottom",
                        "title": "Create a report",
                        "body": "<p>Every chart starts as a <strong>report</strong>.</p>",
                    },
                    {
                        "target": {"selector": "[data-testid=search]"},
                        "placement": "bottom",
                        "title": "Find anything",
                        "body": "<p>Search reports, people and events.</p>",
                    },
                    {
                        "target": {"selector": "#nav-reports"},
                        "placement": "bottom",
                        "title": "Your reports live here",
                        "body": "<p>That's it. Happy analysing!</p>",
                    },
                ]
            },
            "targeting": {"pages": ON_DEMO_PAGES, "priority": 500},
        },
        "export-hint": {
            "kind": "hotspot",
            "name": "Export hint",
            "content": {
                "hotspots": [
                    {
                        "target": {"selector": "#export"},
                        "title": "Export in one click",
                        "body": "<p>CSV now, PDF and Google Sheets soon.</p>",
                    },
                ]
            },
            "targeting": {
                "pages": {
                    "include": [{"match": "equals", "value": "/demo/reports"}],
                    "exclude": [],
                },
                "frequency": {"type": "until_completed"},
            },
        },
        "whats-new": {
            "kind": "announcement",
            "name": "What's new banner",
            "content": {
                "format": "banner",
                "position": "bottom",
                "title": "New: scheduled reports",
                "body": "<p>Get any report in your inbox every Monday.</p>",
                "buttons": [{"label": "Try it", "action": "track", "event": "upgraded"}],
            },
            "targeting": {
                "pages": ON_DEMO_PAGES,
                "frequency": {"type": "until_completed"},
                "priority": 50,
            },
        },
        "nps-survey": {
            "kind": "questionnaire",
            "name": "How are we doing?",
            "content": {
                "format": "slideout",
                "questions": [
                    {
                        "id": "nps",
                        "type": "nps",
                        "required": True,
                        "prompt": "How likely are you to recommend Acme Analytics to a colleague?",
                    },
                    {
                        "id": "role",
                        "type": "single",
                        "prompt": "What best describes your role?",
                        "save_as_trait": "role",
                        "options": [
                            {"value": "pm", "label": "Product manager"},
                            {"value": "dev", "label": "Engineer"},
                            {"value": "design", "label": "Designer"},
                            {"value": "other", "label": "Something else"},
                        ],
                    },
                    {"id": "improve", "type": "text", "prompt": "What should we improve first?"},
                ],
            },
            "targeting": {
                "pages": ON_DEMO_PAGES,
                "trigger": {"type": "event", "event": "report_created"},
                "priority": 400,
            },
        },
        "getting-started": {
            "kind": "checklist",
            "name": "Getting started",
            "content": {
                "title": "Get started with Acme",
                "items": [
                    {
                        "title": "Take the welcome tour",
                        "action": "start_flow",
                        "flow": "welcome-tour",
                    },
                    {
                        "title": "Read the API reference",
                        "action": "url",
                        "url": f"{base_url}/api/v1/docs",
                    },
                    {
                        "title": "Email support",
                        "action": "url",
                        "url": "mailto:support@acme.example",
                    },
                ],
            },
            "targeting": {"pages": ON_DEMO_PAGES, "frequency": {"type": "always"}, "priority": 10},
        },
    }


def _ensure_flows(project_id: int, base_url: str) -> dict[str, Flow]:
    found: dict[str, Flow] = {}
    for key, body in _flows(base_url).items():
        flow = db.session.scalar(
            sa.select(Flow).where(Flow.project_id == project_id, Flow.key == key)
        )
        if flow is None:
            flow = flow_service.create_flow(project_id, {**body, "key": key})
            flow_service.publish(flow, None)
        found[key] = flow
    banner = found["whats-new"]
    if banner.latest_version == 1:
        bolder = dict(
            banner.draft_content,
            title="Scheduled reports are here",
            body="<p>Your Monday numbers, in your inbox before coffee.</p>",
        )
        flow_service.update_draft(banner, {"content": bolder})
        flow_service.publish(banner, None)
    return found


def _ensure_experiment(project_id: int, banner: Flow) -> Experiment:
    return running_banner_experiment(project_id, banner, "banner-wording", "Banner wording")


def seed_demo(base_url: str) -> DemoSeed:
    """Create the demo login, project, guides and traffic once; later runs reuse them."""
    account = accounts.find_account(DEMO_EMAIL) or accounts.create_account(
        DEMO_EMAIL, DEMO_PASSWORD, "Demo PM"
    )
    project = _demo_project()
    if project is None:
        project, _keys = projects.create_project(DEMO_PROJECT, account, app_url=f"{base_url}/demo/")
    found = _ensure_flows(project.id, base_url)
    experiment = _ensure_experiment(project.id, found["whats-new"])
    db.session.commit()
    has_users = db.session.scalar(
        sa.select(EndUser.id).where(EndUser.project_id == project.id).limit(1)
    )
    if has_users is None:
        seed(
            project.id,
            DEMO_USERS,
            days=60,
            flows=SeedFlows(
                tour=found["welcome-tour"],
                survey=found["nps-survey"],
                banner=found["whats-new"],
                experiment=experiment,
            ),
        )
    db.session.commit()
    return DemoSeed(DEMO_EMAIL, DEMO_PASSWORD, project.id, project.public_key)
