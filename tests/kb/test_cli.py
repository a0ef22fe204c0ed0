"""The JSON-lines CLI that the held-out evaluation relies on, run as a real process."""

import json
import subprocess
import sys

import pytest

from knowledge_base.config import PROJECT_DIR


def run_cli(*args, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "knowledge_base", *args], input=stdin, capture_output=True, cwd=PROJECT_DIR, timeout=300
    )


@pytest.fixture(scope="module")
def jsonl_answers():
    questions = [
        "lam giay khai sinh can gi",
        "",
        "   ",
        "😀😀😀",
        "x" * 10_000,
        "<b>đăng ký kết hôn</b>",
        "SELECT * FROM users; --",
        "đăng ký tiêm chủng cho bé ở trạm y tế",
    ]
    stdin = "\n".join(questions).encode() + b"\n" + b"\xff\xfe broken utf-8\n"
    completed = run_cli("search", "--top", "5", "--jsonl", stdin=stdin)
    assert completed.returncode == 0, completed.stderr.decode()[-2000:]
    assert b"Traceback" not in completed.stderr
    return questions, [json.loads(line) for line in completed.stdout.decode().splitlines()]


def test_one_json_line_per_question_in_the_documented_shape(jsonl_answers):
    questions, answers = jsonl_answers
    assert len(answers) == len(questions) + 1
    for answer in answers:
        assert set(answer) >= {"query", "abstain", "results"}
        assert isinstance(answer["abstain"], bool)
        assert len(answer["results"]) <= 5
        for result in answer["results"]:
            assert set(result) >= {"code", "name", "score"}


def test_answers_are_right(jsonl_answers):
    _, answers = jsonl_answers
    assert answers[0]["results"][0]["code"] == "1.001193" and not answers[0]["abstain"]
    assert all(a["abstain"] and a["results"] == [] for a in answers[1:4])
    assert answers[5]["results"][0]["code"] == "1.000894"  # đăng ký kết hôn, HTML stripped of meaning only
    assert answers[7]["abstain"]


def test_show_prints_the_structured_procedure():
    completed = run_cli("show", "1.001193")
    procedure = json.loads(completed.stdout)
    assert procedure["code"] == "1.001193"
    assert procedure["online"] is True
    assert any(d["name"].startswith("Giấy chứng sinh") for d in procedure["documents"])


def test_show_unknown_code_fails_politely():
    completed = run_cli("show", "0.000000")
    assert completed.returncode == 1
    assert "Không có thủ tục" in completed.stderr.decode()
    assert b"Traceback" not in completed.stderr
