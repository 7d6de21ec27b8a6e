"""Rate limits of public forms (password reset, suggestions, meeting replies, ...).

A fixed window counted in the cache (shared by every process and server when the cache is,
for example Redis; the default file cache is shared by the processes of one machine)::

    @rate_limit("suggestion", limit=10, period=60 * 60)
    def service_suggest(request, pk): ...

counts the POSTs of one client address; past ``limit`` in ``period`` seconds the view is not
called and the client gets the 429 page (or what ``refused=`` answers). ``key=`` adds further
counters, for example per e-mail address asked for a password reset; with
``per_address=False`` only those count (e.g. one counter per survey and address).
``settings.RATELIMIT_ENABLED`` switches every limit off (tests do, except the tests of the
limits; see socplan.testing.personas).

The client address is :func:`client_ip`: REMOTE_ADDR, or, behind ``TRUSTED_PROXIES`` proxies,
the address the nearest trusted proxy saw in X-Forwarded-For.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template import loader


def client_ip(request: HttpRequest) -> str:
    """The client's address; X-Forwarded-For is believed only for ``TRUSTED_PROXIES``
    proxies (each appends the address it saw: the one added by our outermost proxy counts)."""
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or "unknown"


def hit(scope: str, key: str, *, limit: int, period: int) -> bool:
    """Counts one event of ``key`` in ``scope``; False when it is over the limit."""
    if not getattr(settings, "RATELIMIT_ENABLED", True):
        return True
    window = int(time.time() // period)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"ratelimit:{scope}:{digest}:{window}"
    cache.add(cache_key, 0, timeout=period + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=period + 5)
        count = 1
    return count <= limit


def too_many_requests(request: HttpRequest, *, retry_after: int) -> HttpResponse:
    content = loader.render_to_string("errors/error.html", {"code": 429}, request)
    response = HttpResponse(content, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def rate_limit(
    scope: str,
    *,
    limit: int,
    period: int,
    methods: tuple[str, ...] = ("POST",),
    key: Callable[[HttpRequest], str | None] | None = None,
    per_address: bool = True,
    refused: Callable[..., HttpResponse] | None = None,
):
    """Limits a view to ``limit`` requests (of ``methods``) per ``period`` seconds per client
    address (unless ``per_address`` is False), and per ``key(request)`` as well when given.
    Past the limit the client gets ``refused(request, *args, **kwargs)`` (its status should
    be 429) or the 429 page."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                keys = [f"ip:{client_ip(request)}"] if per_address else []
                extra = key(request) if key else None
                if extra:
                    keys.append(f"key:{extra}")
                allowed = [hit(scope, k, limit=limit, period=period) for k in keys]
                if not all(allowed):
                    if refused is not None:
                        response = refused(request, *args, **kwargs)
                        response["Retry-After"] = str(period)
                        return response
                    return too_many_requests(request, retry_after=period)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
