"""Several server processes on one database: what one of them changes, the others show at
once, although each keeps the catalogue's index, its cards and its result pages in memory
(selectors_public.catalogue_index, catalogue/fragments.py)."""

import json
import os
import re
import sys

import pytest

from socplan.testing.servers import REPO, Browser, environment, run_socplan, serving

pytestmark = [
    pytest.mark.slow,  # a fresh install and two servers in subprocesses
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="runs the embedded SQLite set-up; covered in the SQLite run",
    ),
]

SCRIPT = """
import json, django
django.setup()
from django.urls import reverse
from socplan.catalogue.models import LifeSituation, Service, Source
service = Service.objects.get(source=Source.LOCAL, name="Domácí zdravotní péče Humpolec (demo)")
area = service.area_municipalities.first().municipality.planning_areas.first()
situation = LifeSituation.objects.filter(planning_area=area).first() or (
    LifeSituation.objects.filter(planning_area=None).first()
)
print(json.dumps({
    "login": reverse("accounts:login"),
    "edit": reverse("catalogue:local_service_edit", kwargs={"slug": area.slug, "pk": service.pk}),
    "detail": reverse("catalogue:service_detail", kwargs={"pk": service.pk}),
    "area_catalogue": reverse("catalogue:area", kwargs={"slug": area.slug}),
    "situation_edit": reverse(
        "catalogue:life_situation_edit", kwargs={"slug": area.slug, "pk": situation.pk}
    ),
    "situation_title": situation.title,
}))
"""


def _names(page: str) -> list[str]:
    return re.findall(r'class="service-card__title"><a href="[^"]+">([^<]+)</a>', page)


def test_a_change_through_one_process_is_seen_by_another_at_once(tmp_path):
    import subprocess

    run_socplan(["migrate", "--noinput", "-v0"], tmp_path, timeout=300)
    run_socplan(["load_demo", "--quiet-logins"], tmp_path, timeout=300)
    run_socplan(["collectstatic", "--noinput", "-v0"], tmp_path, timeout=300)
    urls = json.loads(
        subprocess.run(
            [sys.executable, "-c", SCRIPT],
            env={**environment(tmp_path), "DJANGO_SETTINGS_MODULE": "socplan.settings"},
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    old, new = "Domácí zdravotní péče Humpolec (demo)", "Domácí zdravotní péče Vysočina (demo)"
    options = ["--workers", "1", "--no-worker", "--no-collectstatic"]
    with serving(tmp_path, *options) as (one, _), serving(tmp_path, *options) as (other, _):
        reader = Browser(other)
        search = "/katalog/?q=zdravotni+pece"
        # both processes read the catalogue and keep its index, cards and this page
        assert old in _names(reader.get(search))
        assert old in _names(reader.get(search))  # the kept page
        assert old in _names(Browser(one).get(search))

        editor = Browser(one)
        editor.submit(
            urls["login"],
            {"username": "koordinatorka@demo.socplan.cz", "password": "socplan-demo"},
            having="password",
        )
        saved = editor.submit(urls["edit"], {"name": new}, having="provider_name")
        assert new in saved  # the list of local services after the save

        page = reader.get(search)
        assert new in _names(page) and old not in _names(page)
        assert new in _names(reader.get("/katalog/?q=vysocina+zdravotni"))
        assert new in reader.get(urls["detail"])

        # the life situations an area's catalogue opens with (kept with its page, and the
        # list of them per process: fragments.SITUATIONS)
        situation, renamed = urls["situation_title"], "Situace přejmenovaná jiným procesem"
        assert situation in reader.get(urls["area_catalogue"])
        assert situation in reader.get(urls["area_catalogue"])  # the kept page
        editor.submit(urls["situation_edit"], {"title": renamed}, having="title")
        page = reader.get(urls["area_catalogue"])
        assert renamed in page and situation not in page
