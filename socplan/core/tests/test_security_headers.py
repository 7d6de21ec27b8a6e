"""Security headers: Content-Security-Policy, frame protection, Referrer-Policy; HSTS and
the proxy's HTTPS header when SECURE_COOKIES is on."""

import json
import os
import subprocess
import sys

import pytest
from django.template import engines
from django.test import RequestFactory

from socplan.core.middleware import ContentSecurityPolicyMiddleware

pytestmark = pytest.mark.django_db


def test_every_page_gets_the_policy_and_the_headers(client, process):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "https://tile.openstreetmap.org" in directives["img-src"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in response  # plain HTTP, SECURE_COOKIES off


def test_a_template_that_uses_the_nonce_gets_it_in_the_policy():
    template = engines["django"].from_string('<script nonce="{{ request.csp_nonce }}">1</script>')
    from django.http import HttpResponse

    def view(request):
        return HttpResponse(template.render({}, request))

    request = RequestFactory().get("/")
    response = ContentSecurityPolicyMiddleware(view)(request)
    nonce = str(request.csp_nonce)
    assert len(nonce) >= 16
    assert f'nonce="{nonce}"' in response.content.decode()
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    # a page without an inline script carries no nonce at all
    plain = ContentSecurityPolicyMiddleware(lambda r: HttpResponse("x"))(RequestFactory().get("/"))
    assert "nonce-" not in plain["Content-Security-Policy"]


def _settings_with(**env) -> dict:
    code = (
        "import json, socplan.settings as s; print(json.dumps({"
        "'hsts': getattr(s, 'SECURE_HSTS_SECONDS', 0),"
        "'proxy': getattr(s, 'SECURE_PROXY_SSL_HEADER', None),"
        "'session': s.SESSION_COOKIE_SECURE, 'csrf': s.CSRF_COOKIE_SECURE}))"
    )
    environment = {key: value for key, value in os.environ.items() if key != "SECURE_COOKIES"}
    environment.update(env)
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_secure_cookies_switch_on_hsts_and_believe_the_proxy():
    on = _settings_with(SECURE_COOKIES="1")
    assert on["hsts"] >= 60 * 60 * 24 * 180
    assert on["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert on["session"] and on["csrf"]
    off = _settings_with()
    assert off["hsts"] == 0 and off["proxy"] is None and not off["session"]


def test_hsts_is_sent_behind_an_https_proxy(client, process, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/", HTTP_X_FORWARDED_PROTO="https")
    assert response["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in client.get("/")  # plain HTTP from the proxy
