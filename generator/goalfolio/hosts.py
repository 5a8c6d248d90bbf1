"""The names a request's Host header may give for the preview: loopback names, and while
it serves other machines, addresses and this machine's own names (`PreviewServer.answers_to`
applies them). Kept apart from the server's sockets, as `httpfiles` is.
"""

from __future__ import annotations

import ipaddress
import socket

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def split_host(host: str) -> tuple[str, int | None]:
    """A Host header's name (an IPv6 address in its brackets) and port, None without one; a
    port that is not a number is -1, which no server has."""
    name, colon, port = host.rpartition(":") if not host.endswith("]") else (host, "", "")
    if not colon:
        return host, None
    return name, int(port) if port.isdigit() else -1


def is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name.removeprefix("[").removesuffix("]"))
    except ValueError:
        return False
    return True


def machine_names(lan_host: str) -> set[str]:
    """The names other machines may reach this one by: its host name, as mDNS adds `.local`
    to it, its fully qualified name, and the name it was told to serve on."""
    short = socket.gethostname().lower()
    return {short, f"{short}.local", socket.getfqdn().lower(), lan_host.lower()}
