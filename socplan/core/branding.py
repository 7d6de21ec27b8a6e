"""The installation's own face: name, logo and accent colour (settings ``SITE_NAME``,
``SITE_LOGO``, ``SITE_LOGO_ALT``, ``SITE_COLOUR``).

The colour reaches the pages through a small stylesheet (:func:`socplan.core.views.brand_css`,
a custom property ``--c-primary``), never an inline style, which the Content-Security-Policy
forbids. A colour on which white text would not reach the WCAG AA contrast of 4.5:1 is ignored.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.templatetags.static import static

_HEX = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
MIN_CONTRAST_WITH_WHITE = 4.5


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def accent_colour(value) -> str:
    """``value`` as "#rrggbb" when it is a colour dark enough for white text, else ""."""
    match = _HEX.match(str(value or "").strip())
    if not match:
        return ""
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    rgb = (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
    if 1.05 / (_luminance(rgb) + 0.05) < MIN_CONTRAST_WITH_WHITE:
        return ""
    return "#" + digits


def validate_accent_colour(value) -> None:
    """A form's check: empty, or a colour :func:`accent_colour` accepts."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if value and not accent_colour(value):
        raise ValidationError(
            _("Enter a colour as #rrggbb, dark enough for white text on it (for example #1b5e20)."),
            code="accent_colour",
        )


def colour_stylesheet(colour: str) -> str:
    """The stylesheet that gives the pages an accent colour ("" or "#rrggbb")."""
    if not colour:
        return "/* no colour of its own */\n"
    return f":root {{ --c-primary: {colour}; --c-primary-dark: {darker(colour)}; }}\n"


def stylesheet_version(body: str) -> str:
    """A short hash of a stylesheet, for its address (``?v=``): a new colour is a new
    address, so the stylesheet may be cached for good."""
    return hashlib.sha256(body.encode()).hexdigest()[:12]


def darker(colour: str, factor: float = 0.75) -> str:
    """A darker shade of "#rrggbb" (for hover and borders)."""
    digits = colour.lstrip("#")
    return "#" + "".join(f"{int(int(digits[i : i + 2], 16) * factor):02x}" for i in range(0, 6, 2))


def _logo_url(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    if value.startswith("https://"):
        return value
    if ":" in value or value.startswith("//"):
        return ""  # only https addresses and static files
    return static(value.lstrip("/"))


@dataclass(frozen=True)
class Branding:
    name: str
    logo_url: str
    logo_alt: str
    colour: str

    @property
    def is_custom(self) -> bool:
        return bool(self.name != "socplan" or self.logo_url or self.colour)

    @property
    def stylesheet(self) -> str:
        """The stylesheet of the installation's colour (``core.views.brand_css``)."""
        return colour_stylesheet(self.colour)

    @property
    def css_version(self) -> str:
        """The version of :attr:`stylesheet` for its address (``?v=``)."""
        return stylesheet_version(self.stylesheet)


def site_branding() -> Branding:
    name = (getattr(settings, "SITE_NAME", "") or "").strip() or "socplan"
    return Branding(
        name=name,
        logo_url=_logo_url(getattr(settings, "SITE_LOGO", "")),
        logo_alt=(getattr(settings, "SITE_LOGO_ALT", "") or "").strip() or name,
        colour=accent_colour(getattr(settings, "SITE_COLOUR", "")),
    )
