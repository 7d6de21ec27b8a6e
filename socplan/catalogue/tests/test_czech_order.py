"""Czech alphabetical order in the public catalogue's list and its CSV and XLSX exports."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from socplan.catalogue.models import Service, ServiceAreaMunicipality
from socplan.core.tests.test_collation import CZECH_ORDER, NAMES
from socplan.territory.models import Municipality

from . import public_helpers as h

pytestmark = pytest.mark.django_db

SERVICE_NAMES = ["Žirovnice služba", "Chotěboř služba", "Cejle služba", "Hořice služba"]
SERVICE_ORDER = ["Cejle služba", "Hořice služba", "Chotěboř služba", "Žirovnice služba"]


@pytest.fixture
def built(db):
    h.catalogue()
    active = Service.objects.filter(end_date__isnull=True).order_by("pk")[:4]
    for service, name in zip(active, SERVICE_NAMES, strict=True):
        Service.objects.filter(pk=service.pk).update(name=name)
    template = Municipality.objects.first()
    served = Service.objects.get(name="Cejle služba")
    for index, name in enumerate(NAMES):
        municipality = Municipality.objects.create(
            code=f"59{index:04d}", name=name, district=template.district, orp=template.orp
        )
        ServiceAreaMunicipality.objects.create(
            service=served, municipality=municipality, origin="manual"
        )


def test_the_csv_export_is_in_czech_order(client, built):
    response = client.get(reverse("catalogue:export", args=["csv"]), {"sort": "name"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    names = [row[0] for row in rows[1:] if row[0] in SERVICE_NAMES]
    assert names == SERVICE_ORDER
    served = rows[0].index("Municipalities served")
    cejle = next(row for row in rows if row[0] == "Cejle služba")
    listed = [name for name in cejle[served].split(", ") if name in NAMES]
    assert listed == CZECH_ORDER


def test_the_xlsx_export_and_the_page_are_in_czech_order(client, built):
    response = client.get(reverse("catalogue:export", args=["xlsx"]), {"sort": "name"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))

    assert [row[0] for row in rows[1:] if row[0] in SERVICE_NAMES] == SERVICE_ORDER
    page = client.get(reverse("catalogue:home"), {"sort": "name"})
    shown = [s.name for s in page.context["services"] if s.name in SERVICE_NAMES]
    assert shown == SERVICE_ORDER
