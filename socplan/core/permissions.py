"""The generic permission helpers of socplan (django-rules).

Each app registers its own permissions in ``<app>/rules.py``, loaded by its AppConfig;
this module holds only what every app shares: site staff, a per-user cache for the
predicates and :func:`require` for views.

Views call :func:`require` (or ``user.has_perm(name, obj)``); templates use
``{% load rules %}{% has_perm name user obj as can %}``.

Who is who:
- site staff (``user.is_staff``): operators of the installation, may do everything;
- region staff (``socplan.territory``): see every process of their region, change nothing;
- coordinators, methodologists, members and provider editors of a process
  (``socplan.organisation``);
- the public: sees what is published.
"""

from collections.abc import Callable
from typing import Any

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def user_cache(user, key: str, factory: Callable[[], Any]) -> Any:
    """The value of ``factory()`` computed once per user object (one request), kept on the
    user; predicates use it so that a page asking many times makes one query."""
    cache = user.__dict__.setdefault("_socplan_cache", {})
    if key not in cache:
        cache[key] = factory()
    return cache[key]


@rules.predicate
def is_site_staff(user):
    return bool(user.is_authenticated and user.is_staff)


@rules.predicate
def is_signed_in(user):
    return bool(user.is_authenticated)


def require(request, perm: str, obj=None) -> None:
    """Stop the view unless the user holds ``perm`` (on ``obj``).

    Anonymous users are sent to the login page; signed-in users get 403.
    """
    if request.user.has_perm(perm, obj):
        return
    if not request.user.is_authenticated:
        raise LoginRequired(request)
    raise PermissionDenied


class LoginRequired(Exception):
    """Raised by :func:`require` for anonymous users; the middleware redirects to login."""

    def __init__(self, request):
        super().__init__("login required")
        self.response = redirect_to_login(request.get_full_path())
