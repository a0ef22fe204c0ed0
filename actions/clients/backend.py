"""The only place that talks to the motcua backend (backend/, FastAPI on 127.0.0.1:8000 by default).

One shared async httpx client per event loop, the service token sent as ``X-Service-Token``, short timeouts.
Every failure to reach the backend (connection refused, timeout, 5xx, a 429 other than ``too_many_attempts``) raises
``BackendUnavailable`` so that the actions can tell the citizen honestly and keep what must not be lost; a 4xx
answer raises ``BackendError`` with the backend's (Vietnamese) ``detail`` and its machine ``code``
(``verification_required``, ``too_many_attempts``…: actions branch on it, never on the wording); a 429
``too_many_attempts`` is such a refusal too; 404 on a look-up returns None.

Settings (environment, read when the client is created):
- ``MOTCUA_BACKEND_URL`` (default http://127.0.0.1:8000)
- ``MOTCUA_SERVICE_TOKEN`` (else ``SERVICE_TOKEN``, else the file ``var/service.token`` the backend writes)
- ``MOTCUA_BACKEND_TIMEOUT`` seconds per request (default 5), ``MOTCUA_BACKEND_CONNECT_TIMEOUT`` (default 2)
"""

from __future__ import annotations

import asyncio
import logging
import os
import weakref
from pathlib import Path
from typing import Any, Dict, List, Optional
from urllib.parse import quote

import httpx

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# A 429 with this code is a refusal for this chat (wrong codes or digits tried too often), not an outage.
TOO_MANY_ATTEMPTS = "too_many_attempts"


UNAVAILABLE = "unavailable"


class BackendError(Exception):
    """The backend did not do what was asked: it refused (4xx; ``detail`` is its message, usually Vietnamese, and
    ``code`` its machine code) or could not be reached (``BackendUnavailable``). Catch ``BackendUnavailable``
    first where an outage is answered differently from a refusal."""

    def __init__(self, status: int, detail: str, code: str = "") -> None:
        super().__init__(f"{status}: {detail}")
        self.status = status
        self.detail = detail
        self.code = code


class BackendUnavailable(BackendError):
    """The backend could not be reached or could not answer now (retry later); ``status`` is 0."""

    def __init__(self, detail: str) -> None:
        super().__init__(0, detail, UNAVAILABLE)
        self.args = (detail,)


def base_url() -> str:
    return os.environ.get("MOTCUA_BACKEND_URL", "http://127.0.0.1:8000").rstrip("/")


def service_token() -> Optional[str]:
    token = os.environ.get("MOTCUA_SERVICE_TOKEN") or os.environ.get("SERVICE_TOKEN")
    if token:
        return token.strip()
    var_dir = Path(os.environ.get("MOTCUA_VAR_DIR", "var"))
    if not var_dir.is_absolute():
        var_dir = PROJECT_ROOT / var_dir
    try:
        return (var_dir / "service.token").read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def _timeout() -> httpx.Timeout:
    total = float(os.environ.get("MOTCUA_BACKEND_TIMEOUT", "5"))
    connect = float(os.environ.get("MOTCUA_BACKEND_CONNECT_TIMEOUT", "2"))
    return httpx.Timeout(total, connect=connect)


_clients: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, httpx.AsyncClient]" = weakref.WeakKeyDictionary()


def _client() -> httpx.AsyncClient:
    """One client per running event loop (tests run several loops; the action server runs one)."""
    loop = asyncio.get_running_loop()
    client = _clients.get(loop)
    if client is None or client.is_closed:
        headers = {"Accept": "application/json"}
        token = service_token()
        if token:
            headers["X-Service-Token"] = token
        client = httpx.AsyncClient(
            base_url=base_url(),
            headers=headers,
            timeout=_timeout(),
            limits=httpx.Limits(max_connections=50, max_keepalive_connections=20),
        )
        _clients[loop] = client
    return client


async def reset() -> None:
    """Close the clients (tests change the URL or the token between runs)."""
    for loop, client in list(_clients.items()):
        _clients.pop(loop, None)
        try:
            await client.aclose()
        except Exception:  # noqa: BLE001 - a client of a closed loop
            pass


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:300]
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, list):  # FastAPI validation errors
        return "; ".join(str(d.get("msg", d)) if isinstance(d, dict) else str(d) for d in detail)
    return str(detail if detail is not None else body)[:300]


def _code(response: httpx.Response) -> str:
    """The backend's machine ``code`` of an error answer ("" when none): top level, or inside ``detail``."""
    try:
        body = response.json()
    except ValueError:
        return ""
    if not isinstance(body, dict):
        return ""
    detail = body.get("detail")
    code = body.get("code") or (detail.get("code") if isinstance(detail, dict) else None)
    return str(code or "")[:64]


async def request(method: str, path: str, *, not_found_none: bool = False, **kwargs: Any) -> Any:
    """Call the backend; JSON answer (None on 404 when ``not_found_none``). See the module doc for errors."""
    try:
        response = await _client().request(method, path, **kwargs)
    except (httpx.TransportError, OSError) as exc:  # refused, reset, timeout, DNS...
        logger.warning("backend %s %s unreachable: %s", method, path, exc.__class__.__name__)
        raise BackendUnavailable(str(exc) or exc.__class__.__name__) from exc
    if response.status_code == 404 and not_found_none:
        return None
    code = _code(response) if response.status_code >= 400 else ""
    if (
        response.status_code >= 500
        or response.status_code in (408, 502, 503, 504)
        or (response.status_code == 429 and code != TOO_MANY_ATTEMPTS)
    ):
        logger.warning("backend %s %s answered %s", method, path, response.status_code)
        raise BackendUnavailable(f"HTTP {response.status_code}")
    if response.status_code >= 400:
        raise BackendError(response.status_code, _detail(response), code)
    if not response.content:
        return None
    return response.json()


# --- dossiers (issue 4) ---------------------------------------------------------------------------


async def file_dossier(payload: Dict[str, Any], timeout: Optional[float] = None) -> Dict[str, Any]:
    """POST /api/dossiers (idempotent on payload["idempotency_key"]): the dossier with its receipt_code."""
    extra = {"timeout": timeout} if timeout is not None else {}
    return await request("POST", "/api/dossiers", json=payload, **extra)


def _lookup_params(channel: str, sender_id: str, verify: Optional[str]) -> Dict[str, str]:
    params = {"channel": channel, "sender_id": sender_id}
    if verify:
        params["verify"] = verify
    return params


async def get_dossier(
    receipt_code: str, channel: str, sender_id: str, verify: Optional[str] = None
) -> Optional[Dict[str, Any]]:
    """GET /api/dossiers/{code} for this chat (CCCD and phone masked); None when unknown. Another chat's dossier
    needs ``verify`` (last 4 digits of the applicant's CCCD or phone): BackendError 403 ``verification_required``
    / ``verification_failed``, 429 ``too_many_attempts``; verified answers carry no staff notes."""
    return await request(
        "GET",
        f"/api/dossiers/{quote(receipt_code.strip(), safe='')}",
        params=_lookup_params(channel, sender_id, verify),
        not_found_none=True,
    )


def _sender_path(channel: str, sender_id: str) -> str:
    return f"/api/citizens/by-sender/{quote(channel, safe='')}/{quote(sender_id, safe='')}"


async def dossiers_by_sender(channel: str, sender_id: str) -> List[Dict[str, Any]]:
    """ "Hồ sơ của tôi": the dossiers filed from this chat, newest first."""
    return await request("GET", _sender_path(channel, sender_id) + "/dossiers", not_found_none=True) or []


async def citizens_by_sender(channel: str, sender_id: str) -> List[Dict[str, Any]]:
    """The citizens (profile: full_name, cccd, phone, ward) who filed from this chat."""
    return await request("GET", _sender_path(channel, sender_id), not_found_none=True) or []


async def documents_by_sender(channel: str, sender_id: str) -> List[Dict[str, Any]]:
    """The personal store (kho dữ liệu cá nhân) of the citizens using this chat."""
    return await request("GET", _sender_path(channel, sender_id) + "/documents", not_found_none=True) or []


async def upload_file(
    channel: str, sender_id: str, file_name: str, data: bytes, mime: Optional[str] = None
) -> Dict[str, Any]:
    """POST /api/files for this chat (only it may file the upload): stored_file_id, mime, size...
    BackendError 413/415 (Vietnamese detail) when refused."""
    files = {"file": (file_name or "tep", data, mime or "application/octet-stream")}
    return await request("POST", "/api/files", files=files, data=_chat(channel, sender_id))


async def add_stored_document(
    channel: str, sender_id: str, citizen_id: int, kind: str, name: str, stored_file_id: int
) -> Dict[str, Any]:
    """Keep an uploaded file in the personal store of a citizen record this chat owns (idempotent per citizen and
    file)."""
    body = {**_chat(channel, sender_id), "kind": kind, "name": name, "stored_file_id": stored_file_id}
    return await request("POST", f"/api/citizens/{int(citizen_id)}/documents", json=body)


async def health() -> bool:
    try:
        await request("GET", "/api/health")
        return True
    except BackendError:
        return False


# --- feedback, handoff tickets, ratings, analytics (issue 5) ----------------------------------------


async def file_feedback(payload: Dict[str, Any]) -> Dict[str, Any]:
    """POST /api/feedback (idempotent on payload["idempotency_key"]): tracking_code PA-…, status_label, due_at."""
    return await request("POST", "/api/feedback", json=payload)


async def get_feedback(
    tracking_code: str, channel: str, sender_id: str, verify: Optional[str] = None
) -> Optional[Dict[str, Any]]:
    """GET /api/feedback/{code}: status, status_label, history (contact masked); None when unknown. Same checks
    as ``get_dossier`` (the contact phone's last 4 digits; anonymous feedback: only the chat that filed it)."""
    return await request(
        "GET",
        f"/api/feedback/{quote(tracking_code.strip(), safe='')}",
        params=_lookup_params(channel, sender_id, verify),
        not_found_none=True,
    )


async def open_ticket(payload: Dict[str, Any]) -> Dict[str, Any]:
    """POST /api/tickets: the ticket (id, sla_due_at, priority...) plus ``created``: False when the backend
    answered 200 with the chat's already open ticket."""
    try:
        response = await _client().post("/api/tickets", json=payload)
    except (httpx.TransportError, OSError) as exc:
        logger.warning("backend POST /api/tickets unreachable: %s", exc.__class__.__name__)
        raise BackendUnavailable(str(exc) or exc.__class__.__name__) from exc
    if response.status_code >= 500 or response.status_code in (408, 429):
        raise BackendUnavailable(f"HTTP {response.status_code}")
    if response.status_code >= 400:
        raise BackendError(response.status_code, _detail(response))
    return {**response.json(), "created": response.status_code == 201}


async def open_ticket_of(channel: str, sender_id: str) -> Dict[str, Any]:
    """GET /api/tickets/open: {open, ticket, awaiting_rating_ticket_id} for this chat."""
    return await request("GET", "/api/tickets/open", params={"channel": channel, "sender_id": sender_id})


async def relay_to_ticket(ticket_id: int, channel: str, sender_id: str, text: str) -> Optional[Dict[str, Any]]:
    """POST /api/tickets/{id}/messages; None when the ticket is closed (409) or not this chat's (404)."""
    try:
        return await request(
            "POST",
            f"/api/tickets/{int(ticket_id)}/messages",
            json={"channel": channel, "sender_id": sender_id, "text": text},
        )
    except BackendError as exc:
        if exc.status in (404, 409):
            return None
        raise


async def take_outbox(channel: str, sender_id: str, limit: int = 20) -> List[Dict[str, Any]]:
    """POST /api/outbox/take: the chat's pending messages (staff replies...), marked delivered."""
    body = {"channel": channel, "sender_id": sender_id, "limit": limit}
    return await request("POST", "/api/outbox/take", json=body) or []


async def pending_outbox(channel: str, limit: int = 50) -> List[Dict[str, Any]]:
    """GET /api/outbox: a pushing channel's undelivered messages, oldest first (the Telegram bridge)."""
    return await request("GET", "/api/outbox", params={"channel": channel, "limit": limit}) or []


async def acknowledge_outbox(message_id: int, delivered: bool) -> Dict[str, Any]:
    """POST /api/outbox/{id}/ack: one delivery attempt; a delivered message is no longer pending."""
    return await request("POST", f"/api/outbox/{message_id}/ack", json={"delivered": delivered})


async def submit_rating(payload: Dict[str, Any]) -> Dict[str, Any]:
    """POST /api/ratings: score 1-5, optional comment, exactly one of receipt_code / ticket_id."""
    return await request("POST", "/api/ratings", json=payload)


async def record_unanswered(payload: Dict[str, Any], timeout: float = 1.5) -> Any:
    """POST /api/analytics/unanswered (text, reason, channel, sender_id); short timeout, for fire-and-forget."""
    return await request("POST", "/api/analytics/unanswered", json=payload, timeout=timeout)


async def record_procedure_query(payload: Dict[str, Any], timeout: float = 1.5) -> Any:
    """POST /api/analytics/procedure-queries (procedure_code, procedure_name, channel, sender_id); short timeout."""
    return await request("POST", "/api/analytics/procedure-queries", json=payload, timeout=timeout)


async def queue_outbox_message(
    channel: str, sender_id: str, text: str, receipt_code: Optional[str] = None
) -> Dict[str, Any]:
    """POST /api/outbox: a message for a chat that the channel delivers (web chat / REST relay polling)."""
    body: Dict[str, Any] = {"channel": channel, "sender_id": sender_id, "text": text}
    if receipt_code:
        body["receipt_code"] = receipt_code
    return await request("POST", "/api/outbox", json=body)


# --- volunteers' chat links, deletion requests (issue 9) ---------------------------------------------


def _chat(channel: str, sender_id: str) -> Dict[str, str]:
    return {"channel": channel, "sender_id": sender_id}


async def volunteer_link(channel: str, sender_id: str) -> Optional[Dict[str, Any]]:
    """GET /api/volunteer-links: this chat's active link {username, display_name, expires_at}, None when none."""
    return await request("GET", "/api/volunteer-links", params=_chat(channel, sender_id), not_found_none=True)


async def link_volunteer(channel: str, sender_id: str, code: str) -> Dict[str, Any]:
    """POST /api/volunteer-links with the console's one-time code: the link; BackendError 400 ``invalid_code``,
    429 ``too_many_attempts``."""
    return await request("POST", "/api/volunteer-links", json={**_chat(channel, sender_id), "code": code})


async def end_volunteer_link(channel: str, sender_id: str) -> None:
    """DELETE /api/volunteer-links ("kết thúc ca"; idempotent)."""
    await request("DELETE", "/api/volunteer-links", params=_chat(channel, sender_id))


async def request_deletion(channel: str, sender_id: str) -> Dict[str, Any]:
    """POST /api/deletion-requests: {id, status, created_at, due_at} (the chat's pending request if one exists)."""
    return await request("POST", "/api/deletion-requests", json=_chat(channel, sender_id))
