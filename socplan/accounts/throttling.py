"""Sign-in throttling (django-axes, configured in settings): how an attempt names its account."""


def username(request, credentials) -> str | None:
    """The e-mail of the attempt, as the account is looked up: "Alice@X.cz " and
    "alice@x.cz" count as one account."""
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = request.POST.get("username")
    return value.strip().lower() if value else None


def locked_out(request, original_response=None, credentials=None):
    """The page of a refused sign-in (429), in the site's shell."""
    from django.conf import settings
    from django.shortcuts import render

    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
