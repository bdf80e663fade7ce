"""One valid flow of each kind, as a PM's script would send it."""

from __future__ import annotations

import copy

EXAMPLES = {
    "tour": {
        "kind": "tour",
        "name": "Welcome tour",
        "content": {
            "steps": [
                {"title": "Welcome", "body": "<p>Let us show you around.</p>"},
                {
                    "target": {"selector": "#new-project"},
                    "title": "Create a project",
                    "body": "<p>Click <strong>New project</strong>.</p>",
                    "advance_on": "click",
                    "buttons": [],
                },
                {
                    "target": {"selector": "[data-testid=search]"},
                    "placement": "bottom",
                    "title": "Search",
                    "body": "<p>Find anything.</p>",
                },
            ]
        },
        "targeting": {
            "audience": {"all": [{"trait": "plan", "op": "eq", "value": "pro"}]},
            "pages": {"include": [{"match": "starts_with", "value": "/app"}], "exclude": []},
        },
    },
    "hotspot": {
        "kind": "hotspot",
        "name": "Export hint",
        "content": {
            "hotspots": [
                {"target": {"selector": "#export"}, "title": "Export", "body": "<p>CSV or PDF.</p>"}
            ]
        },
    },
    "announcement": {
        "kind": "announcement",
        "name": "Dark mode is here",
        "content": {
            "format": "banner",
            "position": "top",
            "title": "Dark mode",
            "body": "<p>Try it in settings.</p>",
            "buttons": [{"label": "Open settings", "action": "url", "url": "https://x.io/s"}],
        },
    },
    "questionnaire": {
        "kind": "questionnaire",
        "name": "NPS survey",
        "content": {
            "questions": [
                {
                    "id": "nps",
                    "type": "nps",
                    "prompt": "How likely are you to recommend us?",
                    "required": True,
                },
                {
                    "id": "role",
                    "type": "single",
                    "prompt": "Your role?",
                    "options": [
                        {"value": "dev", "label": "Developer"},
                        {"value": "pm", "label": "Product manager"},
                    ],
                    "save_as_trait": "role",
                },
                {"id": "why", "type": "text", "prompt": "Why?"},
            ]
        },
    },
    "checklist": {
        "kind": "checklist",
        "name": "Getting started",
        "content": {
            "title": "Get started",
            "items": [
                {"title": "Read the docs", "action": "url", "url": "https://docs.example.com"},
                {"title": "Email support", "action": "url", "url": "mailto:help@example.com"},
            ],
        },
    },
}


def example(kind: str, **overrides) -> dict:
    body = copy.deepcopy(EXAMPLES[kind])
    body.update(overrides)
    return body
