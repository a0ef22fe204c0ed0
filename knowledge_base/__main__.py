"""Command line: search the catalog, show one procedure, report parse quality.

python -m knowledge_base search "câu hỏi"           readable results
python -m knowledge_base search --top 5 --jsonl     one question per stdin line -> one JSON line each
python -m knowledge_base show 1.001193              the structured procedure as JSON
python -m knowledge_base parse-report               how many records parse cleanly
python -m knowledge_base build [--ship]             build (or verify) the cached index; --ship writes the
                                                    encoded vectors to knowledge_base/data for git
"""

from __future__ import annotations

import argparse
import json
import sys

from knowledge_base.search import KnowledgeBase, SearchResult


def _as_json(result: SearchResult) -> dict:
    return {
        "query": result.query,
        "abstain": result.abstain,
        "results": [{"code": h.code, "name": h.name, "score": h.score} for h in result.hits],
        "variants": [h.code for h in result.variants],
    }


def _search(args: argparse.Namespace) -> int:
    kb = KnowledgeBase.load()
    if args.jsonl:
        # Read bytes and decode leniently: a broken line must still give a JSON answer.
        for raw in sys.stdin.buffer:
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            print(json.dumps(_as_json(kb.search(line, args.top)), ensure_ascii=False), flush=True)
        return 0
    result = kb.search(" ".join(args.question), args.top)
    if result.abstain:
        print("Không tìm thấy thủ tục phù hợp trong danh mục.")
    for rank, hit in enumerate(result.hits, 1):
        print(f"{rank}. [{hit.code}] {hit.name}  ({hit.score:.3f})")
    if result.variants:
        print("Cần hỏi lại: " + ", ".join(h.code for h in result.variants))
    return 0


def _show(args: argparse.Namespace) -> int:
    procedure = KnowledgeBase.load().get(args.code)
    if procedure is None:
        print(f"Không có thủ tục mã {args.code}.", file=sys.stderr)
        return 1
    print(json.dumps(procedure.to_dict(), ensure_ascii=False, indent=2))
    return 0


def _parse_report(_: argparse.Namespace) -> int:
    from knowledge_base.catalog import load_catalog
    from knowledge_base.config import settings
    from knowledge_base.quality import parse_report

    print(json.dumps(parse_report(load_catalog(settings().catalog_path)), ensure_ascii=False, indent=2))
    return 0


def _build(args: argparse.Namespace) -> int:
    kb = KnowledgeBase.load()
    print(f"index ready: {len(kb.procedures)} procedures, fingerprint {kb.fingerprint}")
    if args.ship:
        for path in kb.ship_vectors():
            print(f"wrote {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m knowledge_base")
    commands = parser.add_subparsers(dest="command", required=True)
    search = commands.add_parser("search", help="search the catalog")
    search.add_argument("question", nargs="*")
    search.add_argument("--top", type=int, default=5)
    search.add_argument("--jsonl", action="store_true", help="questions on stdin, JSON lines on stdout")
    search.set_defaults(run=_search)
    show = commands.add_parser("show", help="print one procedure")
    show.add_argument("code")
    show.set_defaults(run=_show)
    commands.add_parser("parse-report", help="parse quality of the catalog").set_defaults(run=_parse_report)
    build = commands.add_parser("build", help="build the cached index")
    build.add_argument("--ship", action="store_true", help="write the encoded vectors to knowledge_base/data")
    build.set_defaults(run=_build)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
