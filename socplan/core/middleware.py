import secrets

from django.conf import settings

from .permissions import LoginRequired


class LoginRequiredMiddleware:
    """Turns :class:`LoginRequired` raised in a view into a redirect to the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, LoginRequired):
            return exception.response
        return None


class ContentSecurityPolicyMiddleware:
    """Sends the Content-Security-Policy of ``settings.CONTENT_SECURITY_POLICY``.

    Pages load scripts and styles from the site only: no inline ``<script>``, no ``style=""``
    or ``on*=""`` attributes (put them in static files). A script that must be inline carries
    the request's nonce: ``<script nonce="{{ request.csp_nonce }}">``; the nonce is added to
    ``script-src`` only on responses that used it. Views may replace the policy of one
    response by setting ``response["Content-Security-Policy"]`` themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = _LazyNonce()
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        if not policy or "Content-Security-Policy" in response:
            return response
        directives = {name: list(sources) for name, sources in policy.items()}
        if request.csp_nonce.used:
            directives.setdefault("script-src", ["'self'"]).append(f"'nonce-{request.csp_nonce}'")
        header = "; ".join(
            " ".join([name, *sources]) if sources else name for name, sources in directives.items()
        )
        response["Content-Security-Policy"] = header
        return response


class _LazyNonce:
    """A nonce made when a template first asks for it."""

    def __init__(self):
        self.value = None

    @property
    def used(self) -> bool:
        return self.value is not None

    def __str__(self) -> str:
        if self.value is None:
            self.value = secrets.token_urlsafe(18)
        return self.value
