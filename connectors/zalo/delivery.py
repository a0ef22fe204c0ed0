"""The Zalo delivery process: pushes the backend outbox's ``zalo`` messages (staff replies during a handoff, the
closing message, dossier and feedback status notifications) to citizens through the OA API.

    ZALO_APP_ID=... .venv-rasa/bin/python -m connectors.zalo.delivery      # scripts/run starts it when ZALO_* is set

Each round claims pending messages from the backend with a lease (``POST /api/zalo/outbox/claim``: no other
claimer gets them while it runs), sends each and reports the outcome (``.../report``): ``sent`` (delivered, never
sent again), ``retry`` (Zalo rate-limited us or could not be reached: claimed again later, the round stops after a
rate limit) or ``undeliverable`` (Zalo refused it: -201/-213/-227/-230/-232..., recorded with the reason and shown
on the ticket, never retried). A process stopped between sending and reporting lets the lease expire and the
message goes out again: at least once. Run one per OA (two would only share the work).

Settings: Zalo's from backend/zalo_config.py; ``MOTCUA_ZALO_OUTBOX_SECONDS`` (pause between rounds, default 2); the
backend address and service token as for the channels (connectors/shared/backend_client.py).
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any

from backend.zalo_config import ZaloConfig, user_of
from connectors.shared import log_privacy
from connectors.shared.backend_client import BackendClient, BackendError
from connectors.zalo.client import TokenSource, ZaloClient, ZaloRateLimited, ZaloRefused, ZaloUnavailable
from connectors.zalo.format import to_zalo

logger = logging.getLogger("connectors.zalo.delivery")

CLAIM_LIMIT = 20
LEASE_SECONDS = 60
RETRY_SECONDS = 30  # after Zalo or the network failed
NOT_A_ZALO_CHAT = "Mã người nhận không phải của Zalo."


class ZaloDelivery:
    def __init__(self, backend: BackendClient, zalo: ZaloClient) -> None:
        self.backend = backend
        self.zalo = zalo

    async def _report(self, message_id: int, outcome: str, **details: Any) -> None:
        try:
            status, _ = await self.backend.request(
                "POST", f"/api/zalo/outbox/{message_id}/report", json={"outcome": outcome, **details}
            )
            if status != 200:
                logger.warning("outbox message %s: report %s answered HTTP %s", message_id, outcome, status)
        except BackendError as exc:  # the lease expires and the message is claimed again
            logger.warning("outbox message %s: report %s failed (%s), it may be sent again", message_id, outcome, exc)

    async def _deliver(self, item: dict[str, Any]) -> bool:
        """Send one claimed message and report it; False when Zalo asked us to slow down."""
        user_id = user_of(str(item.get("sender_id") or ""))
        if user_id is None:
            await self._report(item["id"], "undeliverable", reason=NOT_A_ZALO_CHAT)
            return True
        try:
            sent = None
            for out in to_zalo([{"text": item["text"]}])[0]:
                sent = await self.zalo.send(user_id, out.message)
        except ZaloRateLimited as exc:
            await self._report(
                item["id"],
                "retry",
                error_code=-32,
                reason="Zalo giới hạn tốc độ gửi.",
                retry_after_seconds=exc.wait_seconds,
            )
            return False
        except ZaloRefused as exc:
            logger.warning("outbox message %s refused by Zalo: %s", item["id"], exc)
            await self._report(item["id"], "undeliverable", error_code=exc.code, reason=exc.reason)
            return True
        except ZaloUnavailable as exc:
            logger.warning("outbox message %s not sent: %s", item["id"], exc)
            await self._report(item["id"], "retry", reason=str(exc)[:300], retry_after_seconds=RETRY_SECONDS)
            return True
        await self._report(item["id"], "sent", zalo_message_id=sent.message_id if sent else None)
        return True

    async def run_once(self) -> int:
        """One round: claim, send, report. Returns how many messages were claimed."""
        try:
            status, claimed = await self.backend.request(
                "POST", "/api/zalo/outbox/claim", json={"limit": CLAIM_LIMIT, "lease_seconds": LEASE_SECONDS}
            )
        except BackendError as exc:
            logger.warning("outbox not available: %s", exc)
            return 0
        if status != 200 or not isinstance(claimed, list):
            logger.warning("POST /api/zalo/outbox/claim: HTTP %s", status)
            return 0
        for item in claimed:
            if not await self._deliver(item):
                break  # rate-limited: the rest is claimed again when its lease ends
        return len(claimed)

    async def run(self, pause_seconds: float) -> None:
        while True:
            if await self.run_once() < CLAIM_LIMIT:
                await asyncio.sleep(pause_seconds)


async def _main(pause_seconds: float) -> None:
    config = ZaloConfig.from_env()
    backend = BackendClient()
    zalo = ZaloClient(config.api_base, TokenSource(backend))
    try:
        await ZaloDelivery(backend, zalo).run(pause_seconds)
    finally:
        await zalo.close()
        await backend.close()


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s [%(name)s] %(message)s")
    log_privacy.install()
    if not ZaloConfig.from_env().app_id:
        raise SystemExit("ZALO_APP_ID is not set")
    try:
        asyncio.run(_main(float(os.environ.get("MOTCUA_ZALO_OUTBOX_SECONDS", "2"))))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
