"""Chat channel connectors. Those inside the rasa server (``.venv-rasa``) use aiohttp, sanic and the
standard library only, plus the project's standard-library helpers ``backend.logmask`` and
``backend.ratelimit``.

- ``connectors.web.WebChatInput`` (channel ``web``): the web chat and REST clients; relays a
  chat's messages to hotline staff while a handoff ticket is open, and serves the outbox.
- ``connectors.web.RestRelayInput`` (channel ``rest``): the same for ``/webhooks/rest/``, to use
  instead of rasa's built-in ``rest`` channel.
- ``connectors.web.TelegramBridgeInput`` (channel ``telegram``): the same for the Telegram bridge's posts
  (service token required).
- ``connectors.backend_client.BackendClient``: the one client of the backend API.

The Telegram bridge runs in its own process with the app venv (``.venv``: python-telegram-bot, httpx):
``connectors.telegram`` (Bot API long polling, outbox delivery), ``connectors.telegram_format`` and
``connectors.rasa_client``; it uses ``actions.backend_client`` for the backend.
"""
