"""Query budgets of the analysis's lists: a SWOT with its items and ratings, the overview of
the groups' SWOTs, the findings register (sources, measures, live indicator values):
as many queries for 20 rows as for 2."""

import pytest
from django.urls import reverse

from socplan.analysis import services
from socplan.testing.query_budgets import assert_flat_queries

from .helpers import make_group, make_member

pytestmark = pytest.mark.django_db

INDICATORS = ["population", "age_0_14", "age_65_plus", "share_65_plus", "ageing_index"]


def test_a_swot_page_is_flat(process, coordinator, member, client_for):
    group = make_group(process)
    me = make_member(group, "Členka", user=member)
    other = make_member(group, "Druhý")

    def add(start, stop):
        for n in range(start, stop):
            item = services.swot_item_add(
                actor=None,
                process=process,
                group=group,
                quadrant=["strength", "weakness", "opportunity", "threat"][n % 4],
                text=f"Položka {n:02}",
                author=other,
            )
            services.swot_rate(actor=None, item=item, person=me, score=1 + n % 5)
            services.swot_rate(actor=None, item=item, person=other, score=5 - n % 5)

    url = reverse("analysis:swot_detail", kwargs={"slug": process.slug, "group": group.slug})
    assert_flat_queries(
        {"member": client_for(member), "coordinator": client_for(coordinator)},
        [url, reverse("analysis:swot_print", kwargs={"slug": process.slug, "group": group.slug})],
        add,
        expect=lambda text: "Položka 01" in text,
    )


def test_the_swot_overview_is_flat(process, coordinator, client_for):
    def add(start, stop):
        for n in range(start, stop):
            group = make_group(process, name=f"Skupina {n:02}", slug=f"skupina-{n}")
            services.swot_item_add(
                actor=None, process=process, group=group, quadrant="threat", text="Hrozba"
            )

    assert_flat_queries(
        client_for(coordinator),
        reverse("analysis:swot_overview", kwargs={"slug": process.slug}),
        add,
        expect=lambda text: "Skupina 01" in text,
    )


def test_the_findings_register_is_flat(process, coordinator, member, client_for):
    group = make_group(process)
    item = services.swot_item_add(
        actor=None, process=process, group=group, quadrant="weakness", text="Slabina"
    )
    municipalities = list(process.planning_area.municipalities.all())

    def add(start, stop):
        for n in range(start, stop):
            source = [
                {
                    "source_kind": "indicator",
                    "indicator_key": INDICATORS[n % len(INDICATORS)],
                    "indicator_area": process.planning_area.slug,
                },
                {"source_kind": "swot", "swot_item": item},
                {"source_kind": "survey", "source_ref": f"survey:{n}"},
                {"source_kind": "other", "source_note": "Úřad práce"},
            ][n % 4]
            services.finding_create(
                actor=None,
                process=process,
                statement=f"Zjištění {n:02}",
                municipalities=municipalities[: n % 3],
                **source,
            )

    assert_flat_queries(
        {"member": client_for(member), "coordinator": client_for(coordinator)},
        reverse("analysis:finding_list", kwargs={"slug": process.slug}),
        add,
        expect=lambda text: "Zjištění 01" in text,
    )
