"""Prometheus metrics at `/metrics` (prometheus_client).

- `xiezuo_http_requests_total{view,method,status}`: requests answered, by the URL
  pattern's name (`none` when no pattern matched: a 404, a redirect to HTTPS, a static
  file), method and status;
- `xiezuo_http_request_duration_seconds{view,method}`: their durations (histogram);
- `xiezuo_database_errors_total{error}`: database errors raised in requests, by class
  (`OperationalError` for a lock timeout, `IntegrityError`, …);
- `xiezuo_import_jobs{state}`: background imports waiting and running, and
  `xiezuo_database_up`: read from the database when scraped.

Labels hold no person: no user, no address, no path (a path may hold a record's id).

Under gunicorn every worker is a process of its own: `xiezuo.gunicorn` (the server's
`--config`) sets `PROMETHEUS_MULTIPROC_DIR` (default `<XIEZUO_VAR_DIR>/metrics`) before
the workers start, each worker writes its counts to files there, and a scrape adds up
the files of all workers, those recycled included (`--max-requests`).

`/metrics` answers only addresses in `XIEZUO_METRICS_ALLOWED` (default 127.0.0.1 and ::1;
behind a trusted proxy, the forwarded client address counts) or a request carrying
`Authorization: Bearer <XIEZUO_METRICS_TOKEN>`; anybody else gets a 404.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
from collections.abc import Iterator

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from xiezuo.accounts.lockout import _address, _trusted, client_address

METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

REQUESTS = Counter(
    "xiezuo_http_requests",
    "Requests answered, by view, method and status.",
    ["view", "method", "status"],
)
DURATION = Histogram(
    "xiezuo_http_request_duration_seconds",
    "Time to answer a request, by view and method.",
    ["view", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
DATABASE_ERRORS = Counter(
    "xiezuo_database_errors",
    "Database errors raised while answering requests, by class.",
    ["error"],
)


def observe_request(view: str | None, method: str, status: int, seconds: float) -> None:
    view = view or "none"
    method = method if method in METHODS else "other"
    REQUESTS.labels(view, method, str(status)).inc()
    DURATION.labels(view, method).observe(seconds)


def database_error(exc: BaseException) -> None:
    DATABASE_ERRORS.labels(type(exc).__name__).inc()


class DomainCollector(Collector):
    """Figures read from the database when scraped (so right whichever process asks)."""

    def collect(self) -> Iterator[Metric]:
        from django.db import DatabaseError
        from django.db.models import Count

        from xiezuo.indicators.models import ImportJob

        up = GaugeMetricFamily("xiezuo_database_up", "1 if the database answered the scrape.")
        try:
            counts = dict(
                ImportJob.objects.filter(
                    state__in=[ImportJob.State.PENDING, ImportJob.State.RUNNING]
                )
                .values_list("state")
                .annotate(n=Count("id"))
                .order_by()
            )
        except DatabaseError:
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        jobs = GaugeMetricFamily(
            "xiezuo_import_jobs", "Background imports waiting and running.", labels=["state"]
        )
        for state in (ImportJob.State.PENDING, ImportJob.State.RUNNING):
            jobs.add_metric([state.value], counts.get(state.value, 0))
        yield jobs


DOMAIN = CollectorRegistry(auto_describe=False)
DOMAIN.register(DomainCollector())


def registry() -> CollectorRegistry:
    """What a scrape reports: every worker's counts under gunicorn, else this process's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        scraped = CollectorRegistry()
        multiprocess.MultiProcessCollector(scraped)
        return scraped
    return REGISTRY


def allowed(request: HttpRequest) -> bool:
    token = settings.XIEZUO_METRICS_TOKEN
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if token and header.startswith("Bearer "):
        return hmac.compare_digest(header.removeprefix("Bearer ").strip(), token)
    address = _address(client_address(request) or "")
    return address is not None and _trusted(address, settings.XIEZUO_METRICS_ALLOWED)


def networks(text: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(p.strip(), strict=False) for p in text.split(",") if p.strip()]


@login_not_required
@require_safe
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not allowed(request):
        raise Http404
    body = generate_latest(registry()) + generate_latest(DOMAIN)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
