"""What every generated document carries of its process and of the installation: the
installation's name, the process's own logo (title page, running header), and where the
process has funding, its funding logos, the EU emblem and the publicity notice.

The EU emblem is drawn here from its official geometry (the graphic guide of the European
emblem): a blue rectangle 1.5 times as wide as high, twelve golden five-pointed stars on a
circle whose radius is a third of the height, each star's points on a circle of an
eighteenth of the height, one point upwards; Reflex Blue and Yellow. It is drawn with
Pillow as a PNG (300 × 200 pixels: over 500 dpi at the 15 mm it is printed at), which both
the PDF and the DOCX (python-docx takes no SVG) embed.
"""

import base64
import io
import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

EU_BLUE = "#003399"
EU_YELLOW = "#FFCC00"


def _star(cx: float, cy: float, outer: float) -> list[tuple[float, float]]:
    """The ten corners of a five-pointed star, one point upwards."""
    inner = outer * math.sin(math.radians(18)) / math.sin(math.radians(126))
    points = []
    for k in range(10):
        radius = outer if k % 2 == 0 else inner
        angle = math.radians(-90 + 36 * k)
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def _stars(height: float) -> list[list[tuple[float, float]]]:
    width = 1.5 * height
    cx, cy = width / 2, height / 2
    circle, outer = height / 3, height / 18
    return [
        _star(
            cx + circle * math.cos(math.radians(-90 + 30 * k)),
            cy + circle * math.sin(math.radians(-90 + 30 * k)),
            outer,
        )
        for k in range(12)
    ]


def eu_emblem_data_uri() -> str:
    """The EU emblem as a ``data:`` address for an ``<img>`` of a printed document."""
    return "data:image/png;base64," + base64.b64encode(eu_emblem_png()).decode()


def eu_emblem_png(height: int = 200) -> bytes:
    """The EU emblem as a PNG (for the DOCX), drawn at four times the size and scaled down
    so that the stars' edges are smooth."""
    from PIL import Image, ImageDraw

    scale = 4
    big = height * scale
    image = Image.new("RGB", (round(1.5 * big), big), EU_BLUE)
    draw = ImageDraw.Draw(image)
    for star in _stars(big):
        draw.polygon(star, fill=EU_YELLOW)
    image = image.resize((round(1.5 * height), height), Image.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _data_uri(image_bytes: bytes | None) -> str:
    """An uploaded image as a ``data:`` address (whatever the media storage is)."""
    if not image_bytes:
        return ""
    from PIL import Image

    with Image.open(io.BytesIO(image_bytes)) as image:
        mime = Image.MIME.get(image.format or "", "image/png")
    return f"data:{mime};base64,{base64.b64encode(image_bytes).decode()}"


@dataclass
class Branding:
    """The installation's name, the process's own logo, and the funding logos, the EU
    emblem and the publicity notice of a process's documents."""

    logo: bytes | None  # the process's own logo, as uploaded (PNG, JPEG or WebP)
    logo_alt: str
    has_funding: bool
    notice: str
    funding_logo: bytes | None = None  # the funding logos (beside the EU emblem)
    funding_logo_alt: str = ""
    site_name: str = ""  # the installation's name

    @property
    def logo_uri(self) -> str:
        """The process's own logo as a ``data:`` address."""
        return _data_uri(self.logo)

    @property
    def funding_logo_uri(self) -> str:
        return _data_uri(self.funding_logo)

    @property
    def eu_emblem(self) -> bool:
        """The EU emblem goes with the publicity notice of a funded process."""
        return self.has_funding

    @property
    def eu_emblem_uri(self) -> str:
        return eu_emblem_data_uri() if self.has_funding else ""

    @property
    def eu_emblem_alt(self) -> str:
        return _("Flag of the European Union")

    @property
    def eu_label(self) -> str:
        return _("European Union")

    @property
    def is_empty(self) -> bool:
        return not (self.logo or self.funding_logo or self.has_funding)


def process_has_funding(process) -> bool:
    """A process has funding when it names its funding programme, registration number,
    grant or publicity notice, or has funding logos."""
    return bool(process.has_funding or process.logo)


def _read(image_field) -> bytes | None:
    if not image_field:
        return None
    try:
        with image_field.open("rb") as file:
            return file.read()
    except OSError:  # the file has gone from the storage: the document goes without
        return None


def branding_for(process) -> Branding:
    """The branding of ``process`` (None: a document of no process, with the installation's
    name only)."""
    from socplan.core.branding import site_branding

    site_name = site_branding().name
    if process is None:
        return Branding(logo=None, logo_alt="", has_funding=False, notice="", site_name=site_name)
    has_funding = process_has_funding(process)
    return Branding(
        logo=_read(process.brand_logo),
        logo_alt=process.brand_logo_alt or _("Logo of %(name)s") % {"name": process.name},
        has_funding=has_funding,
        notice=process.publicity_notice.strip() if has_funding else "",
        funding_logo=_read(process.logo) if has_funding else None,
        funding_logo_alt=process.logo_alt or _("Funding logos"),
        site_name=site_name,
    )
