"""Assertions shared by the API tests."""

from __future__ import annotations


def error_of(response, status: int | None = None) -> dict:
    """The `error` object of a JSON error response, checking status and shape on the way."""
    if status is not None:
        assert response.status_code == status, (response.status_code, response.get_data(True))
    body = response.get_json()
    assert isinstance(body, dict) and set(body) == {"error"}, body
    assert {"code", "message"} <= set(body["error"]), body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]
