"""Ratings with a comment in one message (issue 10): "4, hơi nhiều bước nhưng dễ hiểu" is stored with its score and
its comment, whether the NLU reads it as give_rating or falls back. Tracker fixtures; the backend call is captured.
The whole path through the running servers: tests/e2e/test_dossier_e2e.py.

    .venv/bin/python -m pytest tests/actions/test_rating.py
"""

from __future__ import annotations

import pytest
from action_helpers import all_text, make_tracker, run_action

from actions.clients import backend as backend_client
from actions.core.chat import parse_score, score_comment
from actions.fallback.fallback import ActionFallback
from actions.rating.rating import ActionSubmitRating

SUBJECT = {"receipt_code": "HS-20261130-ABCDEF"}
SAID = [
    ("4, hơi nhiều bước nhưng dễ hiểu", 4, "hơi nhiều bước nhưng dễ hiểu"),
    ("5 sao rất tốt", 5, "rất tốt"),
    ("cho 3 điểm vì chờ lâu", 3, "vì chờ lâu"),
    ("rất hài lòng, cán bộ nhiệt tình", 5, "cán bộ nhiệt tình"),
    ("2/5 chờ hơi lâu", 2, "chờ hơi lâu"),
]


@pytest.fixture
def posted(monkeypatch):
    sent = []

    async def submit_rating(payload):
        sent.append(payload)
        return {"id": len(sent), **payload}

    monkeypatch.setattr(backend_client, "submit_rating", submit_rating)
    return sent


@pytest.mark.parametrize(("text", "score", "comment"), SAID)
def test_score_and_comment_are_read_from_one_message(text, score, comment):
    assert (parse_score(text), score_comment(text)) == (score, comment)


@pytest.mark.parametrize("text", ["4", "5 sao", "hài lòng"])
def test_a_score_alone_has_no_comment(text):
    assert parse_score(text) is not None and score_comment(text) is None


@pytest.mark.parametrize(("text", "score", "comment"), SAID)
@pytest.mark.parametrize(("action", "intent"), [(ActionSubmitRating, "give_rating"), (ActionFallback, "nlu_fallback")])
def test_the_rating_is_posted_with_its_comment(posted, action, intent, text, score, comment):
    tracker = make_tracker(text, intent, slots={"rating_subject": SUBJECT})
    messages, _, slots = run_action(action(), tracker)
    assert posted == [
        {
            "score": score,
            "comment": comment,
            "channel": posted[0]["channel"],
            "sender_id": "test-user",
            "receipt_code": SUBJECT["receipt_code"],
        }
    ]
    assert f"{score}/5 và góp ý" in all_text(messages) and slots["rating_subject"] is None
