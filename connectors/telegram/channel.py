"""``TelegramBridgeInput`` (channel ``telegram``, ``/webhooks/telegram/``), inside the rasa server: the Telegram
bridge process (``connectors.telegram.bridge``) posts each citizen message here with the sender ``tg-<chat id>``
and the backend's service token (``connectors.shared.service_token``). Citizens type the messages: slash commands
are filtered as on the web."""

from __future__ import annotations

from common.channels import TELEGRAM
from connectors.shared.service_token import ServiceTokenChannel


class TelegramBridgeInput(ServiceTokenChannel):
    """``/webhooks/telegram/`` (channel ``telegram``) for the Telegram bridge process."""

    channel_value = TELEGRAM
