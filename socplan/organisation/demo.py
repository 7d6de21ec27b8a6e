"""Demo planning process "Komunitní plán sociálních služeb v ORP Humpolec" (2019–2021)
with its phases, partner, funding notice and made-up people (marked as demo)."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext

from socplan.territory.models import PlanningArea, RegionRole

from .models import Partner, Phase, PlanningProcess, ProcessRole

PROCESS_SLUG = "kpss-orp-humpolec"
DEMO_PASSWORD = "socplan-demo"

REGISTRATION_NUMBER = "CZ.03.2.63/0.0/0.0/16_063/0006578"
PUBLICITY_NOTICE = (
    "Projekt „Komunitní plánování sociálních služeb v ORP Humpolec“, registrační číslo "
    f"{REGISTRATION_NUMBER}, je spolufinancován Evropskou unií z Evropského sociálního "
    "fondu v rámci Operačního programu Zaměstnanost."
)


class _DemoPassword:
    """The hash of DEMO_PASSWORD, made when first needed (not when every user exists)."""

    _hash = None

    @property
    def hash(self) -> str:
        if self._hash is None:
            self._hash = make_password(DEMO_PASSWORD)
        return self._hash


# (e-mail, full name, role in the process or a special role)
DEMO_PEOPLE = [
    ("koordinatorka@demo.socplan.cz", "Jana Nováková (demo)", ProcessRole.Role.COORDINATOR),
    ("metodik@demo.socplan.cz", "Petr Černý (demo)", ProcessRole.Role.METHODOLOGIST),
    ("clenka@demo.socplan.cz", "Eva Dvořáková (demo)", ProcessRole.Role.MEMBER),
    ("kraj@demo.socplan.cz", "Marie Krajská (demo)", "region_staff"),
    ("spravce@demo.socplan.cz", "Správce systému (demo)", "site_staff"),
]

PROVIDER_EDITOR = ("provider-editor@demo.socplan.cz", "Alena Poskytovatelová (demo)")

PHASES = [
    (
        Phase.Kind.PREPARATION,
        (2017, 9, 1),
        (2017, 12, 31),
        "Informační schůzka pro zájemce o členství v pracovních skupinách 12. září 2017.",
    ),
    (
        Phase.Kind.ANALYSIS,
        (2018, 1, 1),
        (2018, 6, 30),
        "Sociodemografická analýza, analýza poskytovatelů a průzkum potřeb uživatelů.",
    ),
    (
        Phase.Kind.DRAFTING,
        (2018, 7, 1),
        (2018, 9, 30),
        "Pracovní skupiny navrhují priority a opatření.",
    ),
    # The dates of the consultation round and its public hearing (consultation's demo).
    (
        Phase.Kind.CONSULTATION,
        (2018, 10, 1),
        (2018, 10, 31),
        "Veřejné připomínkování návrhu plánu, veřejné projednání 16. října 2018.",
    ),
    (
        Phase.Kind.APPROVAL,
        (2018, 11, 1),
        (2019, 1, 31),
        "Vypořádání připomínek a schválení plánu zastupitelstvy obcí.",
    ),
    (
        Phase.Kind.IMPLEMENTATION,
        (2019, 1, 1),
        (2021, 12, 31),
        "Realizace plánu a akční plány na jednotlivé roky.",
    ),
    # Started after the monitoring of 2020, runs on (no end yet): the current phase.
    (
        Phase.Kind.EVALUATION,
        (2021, 4, 1),
        None,
        "Vyhodnocení plánu 2019–2021; monitoring let 2019 a 2020 je schválen.",
    ),
]


def demo_logo_png() -> bytes:
    """The demo process's own logo, drawn here (made up, no one's real mark): three
    overlapping circles for the triad of commissioners, providers and users, and the name."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    scale = 4
    width, height = 360 * scale, 120 * scale
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    radius = 34 * scale
    for (cx, cy), colour in zip(
        [(52, 46), (88, 46), (70, 76)], ["#1b5e20", "#0d47a1", "#b23c17"], strict=True
    ):
        cx, cy = cx * scale, cy * scale
        draw.ellipse(
            (cx - radius, cy - radius, cx + radius, cy + radius), outline=colour, width=7 * scale
        )
    try:
        bold = ImageFont.truetype("DejaVuSans-Bold.ttf", 30 * scale)
        regular = ImageFont.truetype("DejaVuSans.ttf", 17 * scale)
    except OSError:  # no DejaVu fonts: Pillow's own
        bold = regular = ImageFont.load_default(size=24 * scale)
    draw.text((138 * scale, 22 * scale), "Humpolecko", fill="#1b1b1b", font=bold)
    draw.text((140 * scale, 64 * scale), "plánujeme služby spolu", fill="#333333", font=regular)
    image = image.resize((width // scale, height // scale), Image.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def load(report) -> PlanningProcess:
    area = PlanningArea.objects.get(slug="orp-humpolec")
    process, created = PlanningProcess.objects.get_or_create(
        slug=PROCESS_SLUG,
        defaults={
            "name": "Komunitní plán sociálních služeb v ORP Humpolec",
            "planning_area": area,
            "purpose": (
                "Komunitní plánování je cesta, jak společně s obcemi, poskytovateli a "
                "uživateli sociálních služeb zjistit, jaké služby lidé na Humpolecku "
                "potřebují, a naplánovat jejich rozvoj. Výsledkem je střednědobý plán "
                "rozvoje sociálních služeb na léta 2019–2021, akční plány a katalog "
                "poskytovatelů dostupný všem obcím."
            ),
            "period_start": 2019,
            "period_end": 2021,
            "realizer": "MAS Společnost pro rozvoj Humpolecka",
            "funding_programme": "Operační program Zaměstnanost",
            "registration_number": REGISTRATION_NUMBER,
            "realization_start": datetime.date(2017, 9, 1),
            "realization_end": datetime.date(2019, 12, 31),
            "publicity_notice": PUBLICITY_NOTICE,
            "contact_name": "Jana Nováková (demo)",
            "contact_email": "koordinatorka@demo.socplan.cz",
            "contact_phone": "+420 000 000 000",
            "is_published": True,
            "is_demo": True,
        },
    )
    report.add("planning process", created)
    if created:
        Partner.objects.create(process=process, name="Město Humpolec", order=1)
        report.add("partner")
        for kind, start, end, note in PHASES:
            Phase.objects.create(
                process=process,
                kind=kind,
                start=datetime.date(*start),
                end=datetime.date(*end) if end else None,
                note=note,
            )
            report.add("phase")

    if not process.brand_logo:
        from django.core.files.base import ContentFile

        process.brand_logo.save("humpolecko-demo.png", ContentFile(demo_logo_png()), save=False)
        process.brand_logo_alt = "Humpolecko – plánujeme služby spolu (logo demo procesu)"
        process.save(update_fields=["brand_logo", "brand_logo_alt"])
        report.add("process logo")

    users = get_user_model().objects
    region = area.municipalities.first().district.region
    # All demo people share one password: it is hashed once (a hash takes a good part of a
    # second, on purpose) and the same hash is stored for each of them.
    password = _DemoPassword()
    for email, name, role in DEMO_PEOPLE:
        user = users.filter(email__iexact=email).first()
        if user is None:
            user = users.create(
                email=users.normalize_email(email).lower(),
                password=password.hash,
                full_name=name,
                is_staff=role == "site_staff",
                is_superuser=role == "site_staff",
            )
            report.add("demo user")
        if role == "site_staff":
            label = gettext("site staff")
        elif role == "region_staff":
            _, created = RegionRole.objects.get_or_create(user=user, region=region)
            report.add("region staff role", created)
            label = f"{gettext('region staff')} ({region.name})"
        else:
            _, created = ProcessRole.objects.get_or_create(user=user, process=process, role=role)
            report.add("process role", created)
            label = str(ProcessRole.Role(role).label)
        report.logins.append((email, DEMO_PASSWORD, label))
    # The demo provider editor holds the role in the process; the catalogue's demo makes
    # them the editor of a demo provider and lists their login.
    user = users.filter(email__iexact=PROVIDER_EDITOR[0]).first()
    if user is None:
        user = users.create(
            email=users.normalize_email(PROVIDER_EDITOR[0]).lower(),
            password=password.hash,
            full_name=PROVIDER_EDITOR[1],
        )
        report.add("demo user")
    _, created = ProcessRole.objects.get_or_create(
        user=user, process=process, role=ProcessRole.Role.PROVIDER_EDITOR
    )
    report.add("process role", created)
    return process
