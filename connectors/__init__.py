"""Chat channel connectors. Those inside the rasa server (``.venv-rasa``) use aiohttp, sanic and the
standard library only, plus the project's standard-library helpers ``backend.logmask`` and
``backend.ratelimit``.

- ``connectors.web.WebChatInput`` (channel ``web``): the web chat page and its channel; the sender comes from a
  signed session cookie (``connectors.web_session``); relays a chat's messages to hotline staff while a handoff
  ticket is open, and serves the outbox. The page itself: ``connectors.web_page`` (strict CSP).
- ``connectors.web.RestRelayInput`` (channel ``rest``) and ``connectors.web.TelegramBridgeInput`` (channel
  ``telegram``): the same for callers holding the service token (scripts and benchmarks; the Telegram bridge).
- ``connectors.web.ChatChannel``: what every channel does once it knows who is speaking (limits, text cleaning by
  ``connectors.message_policy``, handoff relay, the bot with a time limit and a default reply); settings in
  ``connectors.channel_settings``, the channels' own Vietnamese texts in ``connectors.replies``.
- ``connectors.zalo.ZaloInput`` (channel ``zalo``): the Zalo Official Account webhook (signed by Zalo), answering
  through the OA API (``zalo_client``, ``zalo_format``, ``zalo_events``, ``zalo_signature``); Zalo settings in
  ``backend.zalo_config``. ``connectors.zalo_delivery`` is its own process (same venv) pushing the outbox to Zalo.
- ``connectors.chat_turns.ChatTurns``: one message of a chat at a time, in order (Zalo channel, Telegram bridge).
- ``connectors.backend_client.BackendClient``: the one client of the backend API.

The Telegram bridge runs in its own process with the app venv (``.venv``: python-telegram-bot, httpx):
``connectors.telegram`` (Bot API long polling, outbox delivery), ``connectors.telegram_format`` and
``connectors.rasa_client``; it uses ``actions.backend_client`` for the backend.
"""
