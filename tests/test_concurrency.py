"""Concurrent admin writes never fail with a database error (SQLite takes the write
lock up front for requests that may write)."""

from __future__ import annotations

import threading

from tests.sdk_helpers import Browser, event, publish


def test_concurrent_writes_and_event_batches_all_succeed(app, factory, make_client):
    tenant = factory.tenant()
    editor = make_client().login(tenant.owner_email)
    tour = publish(editor, tenant.project_id, "tour", targeting={})
    statuses: list[int] = []
    barrier = threading.Barrier(8)

    def admin_writes():
        client = make_client().login(tenant.owner_email)
        barrier.wait()
        for i in range(5):
            # Reads the flow list, then writes: the pattern that loses a stale snapshot.
            client.get(f"/api/v1/projects/{tenant.project_id}/flows")
            response = client.post(
                f"/api/v1/projects/{tenant.project_id}/segments",
                json={
                    "name": f"s-{threading.get_ident()}-{i}",
                    "condition": {"trait": "plan", "op": "exists"},
                },
            )
            statuses.append(response.status_code)

    def sdk_batches():
        browser = Browser(make_client().client, tenant.public_key)
        barrier.wait()
        for _ in range(5):
            statuses.append(
                browser.send(
                    event("flow_shown", flow=tour["id"], version=1),
                    event("step_viewed", flow=tour["id"], version=1, step=0),
                ).status_code
            )

    threads = [threading.Thread(target=admin_writes) for _ in range(4)]
    threads += [threading.Thread(target=sdk_batches) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(statuses) == 40 and set(statuses) <= {200, 201}


def test_first_requests_of_a_new_browser_racing_each_other_create_one_user(app, factory):
    """A session request and the first events beacon of a new visitor arrive together."""
    import uuid

    from guidewell.models import EndUser

    tenant = factory.tenant()
    for _ in range(6):
        anonymous = uuid.uuid4().hex
        statuses: list[int] = []
        barrier = threading.Barrier(4)

        def first_request(kind: int, anonymous=anonymous, statuses=statuses, barrier=barrier):
            browser = Browser(app.test_client(), tenant.public_key, anonymous_id=anonymous)
            barrier.wait()
            response = browser.session() if kind % 2 else browser.send(event("page_viewed"))
            statuses.append(response.status_code)

        threads = [threading.Thread(target=first_request, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert statuses == [200] * 4
    assert factory.count(EndUser) == 6
