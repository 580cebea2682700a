"""Sign-in lock-out (django-axes): who is asking, and when they must wait.

Behind a reverse proxy every connection comes from the proxy, so the client's
address is read from `X-Forwarded-For` — but only when the connection comes from
a proxy listed in `XIEZUO_TRUSTED_PROXIES` (anyone else could write the header
themselves). The header is read from the right, skipping the trusted proxies:
the first address that is not one of them is the client.

Failures lock out one user name from one address (`AXES_LOCKOUT_PARAMETERS`), so
a stranger elsewhere cannot lock `admin` out; and an address that fails with
many user names (`XIEZUO_LOGIN_ADDRESS_FAILURE_LIMIT` in all) is locked out for
every name, so guessing across accounts is limited too.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(text: str) -> list[Network]:
    """The networks of a comma-separated list of them (`10.0.0.1, 10.1.0.0/16`)."""
    return [
        ipaddress.ip_network(part.strip(), strict=False) for part in text.split(",") if part.strip()
    ]


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, networks: list[Network]
) -> bool:
    return any(address.version == n.version and address in n for n in networks)


def client_address(request: HttpRequest) -> str | None:
    """The client's address: the connection's, or the one the trusted proxy forwarded."""
    remote = request.META.get("REMOTE_ADDR")
    networks: list[Network] = getattr(settings, "XIEZUO_TRUSTED_PROXIES", [])
    connection = _address(remote or "")
    if connection is None or not networks or not _trusted(connection, networks):
        return remote
    hops = [
        part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            return remote  # a garbled header: fall back to the proxy's address
        if not _trusted(address, networks):
            return str(address)
    return remote


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler plus a limit per address across user names."""

    def address_failures(self, request: Any) -> int:
        address = getattr(request, "axes_ip_address", None)
        if not address:
            return 0
        attempts = AccessAttempt.objects.filter(ip_address=address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        total = attempts.aggregate(total=Sum("failures_since_start"))["total"]
        return int(total or 0)

    def address_locked(self, request: Any) -> bool:
        return self.address_failures(request) >= settings.XIEZUO_LOGIN_ADDRESS_FAILURE_LIMIT

    def is_locked(self, request: Any, credentials: dict[str, Any] | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return bool(getattr(settings, "AXES_LOCK_OUT_AT_FAILURE", True)) and self.address_locked(
            request
        )

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
    ) -> None:
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        if getattr(settings, "AXES_LOCK_OUT_AT_FAILURE", True) and self.address_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes",
                request=request,
                username=credentials.get("username") if credentials else None,
                ip_address=request.axes_ip_address,
            )
