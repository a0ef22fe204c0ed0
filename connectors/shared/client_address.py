"""The address a request comes from: the peer, or ``X-Forwarded-For``'s nearest untrusted hop when the peer is one
of the reverse proxies listed in ``MOTCUA_TRUSTED_PROXIES`` (comma-separated addresses or networks)."""

from __future__ import annotations

import ipaddress
import os
from typing import Iterable, Optional

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_proxies(value: Optional[str] = None) -> tuple[Network, ...]:
    value = os.environ.get("MOTCUA_TRUSTED_PROXIES", "") if value is None else value
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in value.split(",") if part.strip())


def _trusted(address: str, proxies: Iterable[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def client_address(peer: str, forwarded_for: Optional[str], proxies: tuple[Network, ...]) -> str:
    address = peer
    if not _trusted(address, proxies) or not forwarded_for:
        return address
    for hop in reversed([part.strip() for part in forwarded_for.split(",") if part.strip()]):
        address = hop
        if not _trusted(hop, proxies):
            break
    return address
