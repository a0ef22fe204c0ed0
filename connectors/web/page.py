"""The web chat page, served by the web channel itself (same origin: no CORS), with a strict Content-Security-Policy.

``GET /webhooks/web/chat`` (webchat/index.html), ``/webhooks/web/chat.js`` and ``/webhooks/web/chat.css``: no
inline script or style, so the policy below holds.
"""

from __future__ import annotations

from pathlib import Path

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

WEBCHAT_DIR = Path(__file__).resolve().parents[2] / "webchat"
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-cache",
}
FILES = {  # route -> (file in webchat/, content type)
    "/chat": ("index.html", "text/html; charset=utf-8"),
    "/chat.js": ("chat.js", "text/javascript; charset=utf-8"),
    "/chat.css": ("chat.css", "text/css; charset=utf-8"),
}


def _serve(file_name: str, content_type: str):
    async def serve(request: Request) -> HTTPResponse:
        try:
            body = (WEBCHAT_DIR / file_name).read_bytes()
        except OSError:
            return response.text(f"webchat/{file_name} not found", status=404)
        return response.raw(body, content_type=content_type, headers=SECURITY_HEADERS)

    serve.__name__ = "webchat_" + file_name.replace(".", "_")
    return serve


def add_routes(blueprint: Blueprint) -> None:
    for route, (file_name, content_type) in FILES.items():
        blueprint.add_route(_serve(file_name, content_type), route, methods=["GET"])
