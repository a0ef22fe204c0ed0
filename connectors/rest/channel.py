"""``RestRelayInput`` (channel ``rest``, ``/webhooks/rest/``): scripts, tests and benchmarks with the backend's service
token (``connectors.shared.service_token``). It replaces rasa's built-in ``rest`` channel, which trusted whatever
the body said. Its callers are trusted: slash commands pass as they are (retrieval-intent payloads excepted)."""

from __future__ import annotations

from common.channels import REST
from connectors.shared.service_token import ServiceTokenChannel


class RestRelayInput(ServiceTokenChannel):
    """``/webhooks/rest/`` (channel ``rest``) for callers holding the service token."""

    channel_value = REST
    public = False
