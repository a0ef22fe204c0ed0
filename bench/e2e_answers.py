"""End-to-end answers (issue 10): citizen questions through the running servers, scored on what the citizen reads.

    .venv/bin/python bench/e2e_answers.py                     # starts backend, action server and rasa on free ports
    .venv/bin/python bench/e2e_answers.py --rasa-url http://127.0.0.1:5005 --service-token "$MOTCUA_SERVICE_TOKEN"
    .venv/bin/python bench/e2e_answers.py --data bench/data/e2e_answers_blind.jsonl   # the blind second set

Each line of the set (--data, default bench/data/e2e_answers.jsonl) is asked in a new chat on the REST channel
(/webhooks/rest/webhook, header X-Service-Token), opened with /session_start as a chat widget does (the one-time
privacy notice is its reply); the optional "before" messages are sent next by the same sender (a refinement or a
correction is scored on the reply to "query"). Scores, on the reply to "query" (all its messages and buttons):
- right procedure (in-catalog questions): an accepted procedure is named — its code, detail_url or exact catalog
  name (not quoted as an example; a long name cut short counts by its first 8 words when no other name starts
  so) in the text, a button title or a button payload; "named first" also asks that no other catalog procedure
  is named before it;
- fact stated (in-catalog questions with must_state): every must_state regex (case-insensitive) is in the text;
- honest out of catalog: no catalog procedure is named and one of the "where" words is in the text;
- first answer length: characters of the reply's text (all its messages); targets 600 (one aspect) and
  1,200 (a document list);
- long messages: any message of the run ("before" turns included) over 2,000 characters (Zalo refuses them).
Prints the table; the misses and every reply go to var/<set name>/ (misses.txt, replies.jsonl), e.g. var/e2e_answers/.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge_base.text import fold  # noqa: E402  (the project root must be on sys.path first)
from tests.servers import bot_stack  # noqa: E402

QUESTIONS = ROOT / "bench" / "data" / "e2e_answers.jsonl"
CATALOG = ROOT / "knowledge_base" / "data" / "tthc_catalog.jsonl.gz"
OUTPUTS = ROOT / "var"  # one folder per question set, named after its file
START_TIMEOUT = 600
TURN_TIMEOUT = 120
SERVICE_TOKEN = "bench-e2e-answers-service-token"
TOKEN_SECRET = "bench-e2e-answers-token-secret"
MAX_MESSAGE = 2000  # Zalo refuses longer texts
FIRST_ANSWER_LIMIT = {"documents": 1200}  # characters; every other aspect:
FIRST_ANSWER_DEFAULT = 600
TARGETS = {"right procedure": 0.95, "fact stated": 0.90, "honest out of catalog": 0.90, "first answer in limit": 1.0}
CODE = re.compile(r"(?<![\d.])\d\.\d{6}(?![\d])")
QUOTES = {'"', "“", "”", "'"}
OPEN_CHAT = "/session_start"  # what a chat widget sends when a citizen opens it (the privacy notice comes then)
NAME_MIN_WORDS = 3  # names of one or two words ("Tách hộ") are too common in any text to count as naming
BEGINNING_WORDS = 8  # the first words of a longer name that only one procedure's name starts with


class Catalog:
    """Finds which catalog procedures a reply names, in order of first mention."""

    def __init__(self, path: Path) -> None:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            records = [json.loads(line) for line in lines if line.strip()]
        self.codes = {r["ma_thu_tuc"].strip() for r in records}
        self.urls = {r["detail_url"].strip(): r["ma_thu_tuc"].strip() for r in records if r.get("detail_url")}
        self.names = {}
        beginnings: dict[str, set[str]] = {}
        for r in records:
            name = fold(r["ten_thu_tuc"]).rstrip(". ")
            if len(name.split()) >= NAME_MIN_WORDS:
                self.names.setdefault(name, r["ma_thu_tuc"].strip())
            if len(name.split()) > BEGINNING_WORDS:
                beginnings.setdefault(" ".join(name.split()[:BEGINNING_WORDS]), set()).add(r["ma_thu_tuc"].strip())
        # a long name cut short on a button or in a quote ("… và người chờ…") still names its procedure
        self.beginnings = {words: codes.pop() for words, codes in beginnings.items() if len(codes) == 1}

    def named(self, text: str) -> list[str]:
        """Codes of the procedures named in ``text`` (code, detail_url or exact name), first mention first."""
        found: dict[str, int] = {}
        for match in CODE.finditer(text):
            if match.group(0) in self.codes:
                found.setdefault(match.group(0), match.start())
        for url, code in self.urls.items():
            at = text.find(url)
            if at >= 0:
                found[code] = min(found.get(code, at), at)
        folded = fold(text)  # positions differ from ``text``: only order among names is kept exact
        for name, code in self.names.items():
            at = _whole_name_at(folded, name)
            if at >= 0:
                found[code] = min(found.get(code, at), at)
        for beginning, code in self.beginnings.items():
            at = folded.find(beginning)
            if at >= 0:
                found[code] = min(found.get(code, at), at)
        return sorted(found, key=found.get)


def _whole_name_at(folded: str, name: str) -> int:
    """Where ``name`` stands alone in ``folded`` (not the start of a longer name such as "… có yếu tố nước
    ngoài", not an example in quotes such as Ví dụ: “đăng ký tạm trú”), or -1."""
    at = folded.find(name)
    while at >= 0:
        before, after = folded[at - 1 : at] if at else "", folded[at + len(name) : at + len(name) + 2]
        quoted = before in QUOTES and after[:1] in QUOTES
        if not before.isalnum() and not re.match(r"\w| \w", after) and not quoted:
            return at
        at = folded.find(name, at + 1)
    return -1


@dataclass
class Result:
    question: dict
    replies: list[dict]
    named: list[str]
    text: str
    checks: dict[str, bool] = field(default_factory=dict)
    length: int = 0
    earlier: list[dict] = field(default_factory=list)  # replies to the "before" messages

    @property
    def messages(self) -> list[str]:
        return [r.get("text") or "" for r in [*self.earlier, *self.replies]]


def reply_text(replies: list[dict]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def reply_surface(replies: list[dict]) -> str:
    """Text, button titles and button payloads: where a procedure may be named."""
    parts = [reply_text(replies)]
    for r in replies:
        for button in r.get("buttons") or []:
            parts += [button.get("title") or "", button.get("payload") or ""]
    return "\n".join(parts)


def score(question: dict, replies: list[dict], catalog: Catalog) -> Result:
    text = reply_text(replies)
    named = catalog.named(reply_surface(replies))
    result = Result(question, replies, named, text, length=len(text))
    limit = FIRST_ANSWER_LIMIT.get(question["aspect"], FIRST_ANSWER_DEFAULT)
    result.checks["first answer in limit"] = result.length <= limit
    if question["out_of_catalog"]:
        folded = fold(text)
        result.checks["honest out of catalog"] = not named and any(fold(w) in folded for w in question["where"])
        return result
    accepted = set(question["codes"])
    result.checks["right procedure"] = bool(accepted & set(named))
    result.checks["named first"] = bool(named) and named[0] in accepted
    if question["must_state"]:
        result.checks["fact stated"] = all(re.search(p, text, re.IGNORECASE) for p in question["must_state"])
    return result


def service_headers(service_token: str) -> dict[str, str]:
    """The REST channel takes messages only with the backend's service token."""
    return {"X-Service-Token": service_token} if service_token else {}


def ask(client: httpx.Client, url: str, question: dict) -> list[list[dict]]:
    """The replies to each message of a new chat: its opening, the "before" messages, then the query."""
    sender = f"e2e-answers-{uuid.uuid4().hex[:10]}"
    turns = []
    for message in [OPEN_CHAT, *question.get("before", []), question["query"]]:
        response = client.post(url, json={"sender": sender, "message": message})
        response.raise_for_status()
        turns.append(response.json())
    return turns


def run(base: str, service_token: str, questions: list[dict]) -> list[Result]:
    catalog = Catalog(CATALOG)
    url = f"{base}/webhooks/rest/webhook"
    results = []
    with httpx.Client(timeout=TURN_TIMEOUT, headers=service_headers(service_token)) as client:
        for i, question in enumerate(questions, 1):
            *earlier, replies = ask(client, url, question)
            result = score(question, replies, catalog)
            result.earlier = [reply for turn in earlier for reply in turn]
            results.append(result)
            if i % 25 == 0:
                print(f"{i}/{len(questions)} questions", file=sys.stderr)
    return results


def rate(results: list[Result], check: str) -> tuple[int, int]:
    scored = [r for r in results if check in r.checks]
    return sum(r.checks[check] for r in scored), len(scored)


def report(results: list[Result], long_messages: int, messages: int) -> str:
    lines = [
        f"questions: {len(results)} ({sum(r.question['out_of_catalog'] for r in results)} out of catalog, "
        f"{sum(not r.question['diacritics'] for r in results)} without diacritics)",
        f"{'check':26s} {'passed':>9s} {'rate':>7s} {'target':>7s}",
    ]
    for check in ("right procedure", "named first", "fact stated", "honest out of catalog", "first answer in limit"):
        passed, total = rate(results, check)
        target = f"{TARGETS[check]:.0%}" if check in TARGETS else "-"
        lines.append(f"{check:26s} {passed:>4d}/{total:<4d} {passed / max(total, 1):>7.1%} {target:>7s}")
    for aspect in sorted({r.question["aspect"] for r in results}):
        group = [r for r in results if r.question["aspect"] == aspect and not r.question["out_of_catalog"]]
        if group:
            passed, total = rate(group, "fact stated")
            lengths = sorted(r.length for r in group)
            lines.append(
                f"  {aspect:12s} n={len(group):3d}  fact {passed}/{total}  "
                f"first answer median {lengths[len(lengths) // 2]} max {lengths[-1]} chars"
            )
    for label, subset in (
        ("with diacritics", [r for r in results if r.question["diacritics"]]),
        ("without diacritics", [r for r in results if not r.question["diacritics"]]),
    ):
        passed, total = rate(subset, "right procedure")
        lines.append(f"  right procedure {label}: {passed}/{total}")
    lengths = sorted(r.length for r in results)
    lines.append(f"first answer length: median {lengths[len(lengths) // 2]}, max {lengths[-1]} chars")
    lines.append(f"messages over {MAX_MESSAGE} characters: {long_messages} of {messages}")
    return "\n".join(lines)


def out_dir(data: Path) -> Path:
    """Where a set's misses and replies go: var/e2e_answers/ for bench/data/e2e_answers.jsonl."""
    return OUTPUTS / data.stem


def write_outputs(results: list[Result], summary: str, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "replies.jsonl", "w", encoding="utf-8") as out:
        for r in results:
            out.write(
                json.dumps(
                    {
                        "query": r.question["query"],
                        "named": r.named,
                        "checks": r.checks,
                        "length": r.length,
                        "replies": r.replies,
                        "earlier": r.earlier,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    with open(folder / "misses.txt", "w", encoding="utf-8") as out:
        out.write(summary + "\n\n")
        for r in results:
            failed = [check for check, ok in r.checks.items() if not ok]
            if failed:
                q = r.question
                out.write(
                    f"### {q['query']}\n  aspect {q['aspect']}; failed: {', '.join(failed)}\n"
                    f"  expected {q['codes'] or q['where']} must_state {q['must_state']}\n"
                    f"  named {r.named[:5]}; {r.length} chars\n  reply: {r.text[:600]!r}\n\n"
                )


def warm_up(base: str, service_token: str) -> None:
    """The first search waits for the knowledge base to load in the action server."""
    response = httpx.post(
        f"{base}/webhooks/rest/webhook",
        json={"sender": "warmup", "message": "đăng ký tạm trú"},
        headers=service_headers(service_token),
        timeout=START_TIMEOUT,
    )
    response.raise_for_status()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rasa-url", help="base URL of a running rasa server; default: start the stack")
    parser.add_argument(
        "--service-token",
        default=os.environ.get("MOTCUA_SERVICE_TOKEN", ""),
        help="the backend's service token, sent as X-Service-Token (with --rasa-url)",
    )
    parser.add_argument("--data", type=Path, default=QUESTIONS, help="the question set (JSON lines)")
    parser.add_argument("--limit", type=int, help="only the first N questions")
    args = parser.parse_args()
    questions = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = questions[: args.limit] if args.limit else questions
    started = time.monotonic()
    if args.rasa_url:
        base, token = args.rasa_url.rstrip("/"), args.service_token
        warm_up(base, token)
        results = run(base, token, questions)
    else:
        tmp = Path(tempfile.mkdtemp(prefix="motcua-e2e-answers-"))
        with bot_stack(tmp, SERVICE_TOKEN, TOKEN_SECRET, timeout=START_TIMEOUT) as rasa:
            warm_up(rasa.base_url, SERVICE_TOKEN)
            results = run(rasa.base_url, SERVICE_TOKEN, questions)
    messages = [text for result in results for text in result.messages]
    summary = report(results, sum(len(m) > MAX_MESSAGE for m in messages), len(messages))
    summary += f"\nwall time {time.monotonic() - started:.0f} s"
    write_outputs(results, summary, out_dir(args.data))
    print(summary)
    print(f"misses: {out_dir(args.data) / 'misses.txt'}")


if __name__ == "__main__":
    main()
