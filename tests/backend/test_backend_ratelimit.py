"""Per-sender rate limits of the citizen-facing service endpoints (in-process token buckets)."""

from __future__ import annotations

import pytest
from backend_helpers import settings_env
from fastapi.testclient import TestClient
from support_helpers import feedback_payload, ticket_payload

from backend.api.app import create_app
from backend.ratelimit import RateLimiter
from backend.settings import load_settings


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_token_bucket_allows_a_burst_then_refills() -> None:
    clock = FakeClock()
    limiter = RateLimiter(per_minute=60, capacity=3, clock=clock)
    assert [limiter.acquire("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = limiter.acquire("a")
    assert wait == pytest.approx(1.0)
    assert limiter.acquire("b") == 0.0  # other keys are not affected
    clock.now += 1.0
    assert limiter.acquire("a") == 0.0
    assert limiter.acquire("a") > 0


def test_idle_buckets_are_forgotten_when_the_table_is_full() -> None:
    clock = FakeClock()
    limiter = RateLimiter(per_minute=60, capacity=1, clock=clock, max_keys=2)
    limiter.acquire("a")
    limiter.acquire("b")
    clock.now += 5
    limiter.acquire("c")
    assert set(limiter._buckets) == {"c"}


@pytest.fixture
def limited_client(migrated_url, tmp_path):
    env = {**settings_env(migrated_url, tmp_path), "MOTCUA_RATE_LIMIT_BURST": "3", "MOTCUA_RATE_LIMIT_PER_MINUTE": "6"}
    with TestClient(create_app(load_settings(env))) as client:
        yield client


def test_service_endpoints_are_limited_per_sender(limited_client, service_headers) -> None:
    statuses = [
        limited_client.post(
            "/api/feedback", json=feedback_payload(sender_id="flood"), headers=service_headers
        ).status_code
        for _ in range(5)
    ]
    assert statuses == [201, 201, 201, 429, 429]
    refused = limited_client.post("/api/tickets", json=ticket_payload(sender_id="flood"), headers=service_headers)
    assert refused.status_code == 429
    assert refused.json()["detail"] == "Bạn gửi yêu cầu quá nhanh, vui lòng thử lại sau ít giây."
    assert int(refused.headers["Retry-After"]) >= 1
    # another citizen is served
    assert (
        limited_client.post("/api/tickets", json=ticket_payload(sender_id="calm"), headers=service_headers).status_code
        == 201
    )


def test_relay_and_ratings_count_against_the_same_sender(limited_client, service_headers) -> None:
    tid = limited_client.post("/api/tickets", json=ticket_payload(sender_id="chatty"), headers=service_headers).json()[
        "id"
    ]
    body = {"channel": "web", "sender_id": "chatty", "text": "alo"}
    statuses = [
        limited_client.post(f"/api/tickets/{tid}/messages", json=body, headers=service_headers).status_code
        for _ in range(3)
    ]
    assert statuses == [201, 201, 429]
    rating = {"score": 5, "ticket_id": tid, "channel": "web", "sender_id": "chatty"}
    assert limited_client.post("/api/ratings", json=rating, headers=service_headers).status_code == 429
