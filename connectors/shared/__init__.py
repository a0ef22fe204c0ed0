"""What every chat channel inside the rasa server shares (``.venv-rasa``: sanic, aiohttp, rasa).

- ``channel.ChatChannel``: the answer to a message once the channel knows who is speaking (caps and message
  policy, handoff relay, staging of files, the bot with a time limit and a default reply) and the outbox route;
  ``service_token.ServiceTokenChannel`` for callers holding the backend's service token (rest, telegram).
- ``staging``: a file payload stored in the backend before the bot sees it; ``responses``: the JSON bodies a
  channel takes and the answers it gives itself; ``replies``: what the channels say themselves (Vietnamese).
- ``message_policy`` (text cleaning, slash commands), ``settings`` (credentials.yml limits, defined once),
  ``client_address`` (the client behind trusted proxies), ``log_privacy`` (CCCD and phone numbers masked in logs).
- ``backend_client.BackendClient``: the channels' client of the backend API (aiohttp).

Standard library (and ``common``) only, so the Telegram bridge (``.venv``) may import them too: ``backend_access``
(backend address, service token, errors), ``local_secrets`` (secrets under var/), ``chat_turns`` (one message of a
chat at a time), ``replies``. Contract: nothing here imports a channel package (web, rest, telegram, zalo).
"""
