"""Every page of the SWOT and the findings register, tried with every persona."""

import pytest
from django.urls import reverse

from socplan.analysis import services
from socplan.testing.personas import assert_only_allowed

from .helpers import make_group

pytestmark = pytest.mark.django_db

INSIDE = ["member", "methodologist", "region_staff", "coordinator", "staff"]
KEEPERS = ["methodologist", "coordinator", "staff"]


@pytest.fixture
def objects(process):
    group = make_group(process)
    item = services.swot_item_add(
        actor=None, process=process, group=group, quadrant="strength", text="Silná stránka"
    )
    finding = services.finding_create(actor=None, process=process, statement="Zjištění")
    return {"group": group, "item": item, "swot": item.swot, "finding": finding}


PAGES = [
    ("analysis:swot_overview", lambda p, o: {"slug": p.slug}, INSIDE),
    ("analysis:swot_process", lambda p, o: {"slug": p.slug}, INSIDE),
    ("analysis:swot_process_print", lambda p, o: {"slug": p.slug}, INSIDE),
    ("analysis:swot_detail", lambda p, o: {"slug": p.slug, "group": o["group"].slug}, INSIDE),
    ("analysis:swot_print", lambda p, o: {"slug": p.slug, "group": o["group"].slug}, INSIDE),
    ("analysis:swot_export", lambda p, o: {"slug": p.slug, "format": "csv"}, INSIDE),
    ("analysis:swot_export", lambda p, o: {"slug": p.slug, "format": "xlsx"}, INSIDE),
    ("analysis:swot_item_edit", lambda p, o: {"slug": p.slug, "item": o["item"].pk}, KEEPERS),
    ("analysis:swot_item_merge", lambda p, o: {"slug": p.slug, "item": o["item"].pk}, KEEPERS),
    ("analysis:swot_take_over", lambda p, o: {"slug": p.slug}, KEEPERS),
    ("analysis:finding_list", lambda p, o: {"slug": p.slug}, INSIDE),
    ("analysis:finding_export", lambda p, o: {"slug": p.slug, "format": "csv"}, INSIDE),
    ("analysis:finding_export", lambda p, o: {"slug": p.slug, "format": "xlsx"}, INSIDE),
    ("analysis:finding_create", lambda p, o: {"slug": p.slug}, KEEPERS),
    ("analysis:finding_edit", lambda p, o: {"slug": p.slug, "pk": o["finding"].pk}, KEEPERS),
    ("analysis:finding_delete", lambda p, o: {"slug": p.slug, "pk": o["finding"].pk}, KEEPERS),
]


@pytest.mark.parametrize(
    ("name", "kwargs", "allowed"),
    PAGES,
    ids=[f"{page[0]}-{i}" for i, page in enumerate(PAGES)],
)
def test_it_lets_in_only_the_right_personas(
    name, kwargs, allowed, process, objects, personas, client_for
):
    assert_only_allowed(
        reverse(name, kwargs=kwargs(process, objects)), allowed, personas, client_for
    )


POSTS = [
    ("analysis:swot_rate", lambda p, o: {"slug": p.slug, "swot": o["swot"].pk}),
    ("analysis:swot_approval", lambda p, o: {"slug": p.slug, "swot": o["swot"].pk}),
    ("analysis:finding_delete", lambda p, o: {"slug": p.slug, "pk": o["finding"].pk}),
]


@pytest.mark.parametrize(("name", "kwargs"), POSTS, ids=[p[0] for p in POSTS])
def test_outsiders_change_nothing(name, kwargs, process, objects, personas, client_for):
    from socplan.analysis.models import Finding, Swot

    url = reverse(name, kwargs=kwargs(process, objects))
    for persona in ("anonymous", "nobody", "other_region_staff", "region_staff"):
        response = client_for(personas[persona]).post(url, {"approve": "1"})
        assert response.status_code in (302, 403), (persona, response.status_code)
        if persona != "anonymous":
            assert response.status_code == 403, persona
    assert Finding.objects.filter(pk=objects["finding"].pk).exists()
    assert not Swot.objects.get(pk=objects["swot"].pk).is_approved


def test_a_process_that_is_not_published_does_not_exist_for_outsiders(
    unpublished_process, nobody, client_for
):
    url = reverse("analysis:finding_list", kwargs={"slug": unpublished_process.slug})
    assert client_for(nobody).get(url).status_code == 404
