"""The web channel served on its own, with a stand-in bot instead of a trained rasa model.

For the connector tests, the handoff benchmark and trying the console without training:

    .venv-rasa/bin/python -m connectors.standalone --port 5006 [--backend-url http://127.0.0.1:8000]

serves the channels credentials.yml lists (``--credentials``; ``/webhooks/web/...``, ``/webhooks/rest/...``,
``/webhooks/telegram/...``, ``/webhooks/zalo/...``) exactly as inside ``rasa run``, each with the limits given
here instead of credentials.yml's (the tests all come from 127.0.0.1); the stand-in bot answers "(bot) <message>"
and a custom message carrying the metadata and input channel the channel gave it, so a caller can see what the
real bot would receive.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from rasa.core.channels.channel import UserMessage
from rasa.shared.utils.common import class_from_module_path
from rasa.shared.utils.io import read_yaml_file
from sanic import Sanic

from connectors.shared.backend_client import BackendClient
from connectors.shared.local_secrets import PROJECT_ROOT
from connectors.shared.settings import ChannelSettings

BOT_PREFIX = "(bot) "
CREDENTIALS = PROJECT_ROOT / "credentials.yml"


def channel_classes(credentials: Path = CREDENTIALS) -> list[type]:
    """The input channel classes credentials.yml names (rasa loads the same dotted class paths)."""
    return [class_from_module_path(path) for path in read_yaml_file(credentials) or {}]


async def stand_in_bot(message: UserMessage) -> None:
    await message.output_channel.send_text_message(message.sender_id, BOT_PREFIX + (message.text or ""))
    await message.output_channel.send_custom_json(
        message.sender_id, {"metadata": message.metadata, "input_channel": message.input_channel}
    )


def build_app(
    backend_url: str | None = None,
    token_file: str | None = None,
    rate_limit_per_minute: float = 600,
    rate_limit_burst: int = 100,
    bot_timeout_seconds: float = ChannelSettings.bot_timeout_seconds,
    credentials: Path = CREDENTIALS,
) -> Sanic:
    app = Sanic("motcua_connector_standalone", configure_logging=False)
    settings = ChannelSettings(
        rate_limit_per_minute=rate_limit_per_minute,
        rate_limit_burst=rate_limit_burst,
        outbox_rate_limit_per_minute=max(rate_limit_per_minute, 120),
        address_rate_limit_per_minute=4 * rate_limit_per_minute,  # the tests all come from 127.0.0.1
        address_rate_limit_burst=4 * rate_limit_burst,
        session_rate_limit_per_minute=rate_limit_per_minute,
        session_rate_limit_burst=rate_limit_burst,
        bot_timeout_seconds=bot_timeout_seconds,
    )
    for cls in channel_classes(credentials):
        channel = cls(backend=BackendClient(base_url=backend_url, token_file=token_file), settings=settings)
        app.blueprint(channel.blueprint(stand_in_bot), url_prefix=f"/webhooks/{cls.name()}")
    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m connectors.standalone")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5006)
    parser.add_argument("--backend-url", default=None)
    parser.add_argument("--token-file", default=None)
    parser.add_argument("--rate-limit-per-minute", type=float, default=600)
    parser.add_argument("--rate-limit-burst", type=int, default=100)
    parser.add_argument("--bot-timeout-seconds", type=float, default=ChannelSettings.bot_timeout_seconds)
    parser.add_argument("--credentials", type=Path, default=CREDENTIALS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s [%(name)s] %(message)s")
    app = build_app(
        args.backend_url,
        args.token_file,
        args.rate_limit_per_minute,
        args.rate_limit_burst,
        args.bot_timeout_seconds,
        args.credentials,
    )
    app.run(host=args.host, port=args.port, workers=1, access_log=False, motd=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
