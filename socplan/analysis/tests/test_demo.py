"""The demo analysis of the Humpolec process."""

import pytest

from socplan.analysis import selectors
from socplan.analysis.models import Finding, Swot

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_up_to_planning(db):
    """The demo of the apps up to planning (the analysis's demo needs no later one)."""
    from django.apps import apps

    from socplan.core.demo import DemoReport

    report = DemoReport()
    for config in apps.get_app_configs():
        loader = getattr(config, "load_demo", None)
        if loader is not None:
            loader(report)
        if config.label == "planning":
            break
    return report


def test_it_has_the_swots_and_findings_of_the_demo(demo_up_to_planning):
    swots = Swot.objects.filter(is_demo=True)
    assert swots.exclude(group=None).count() == 4
    assert swots.filter(group=None).count() == 1
    assert all(s.is_approved for s in swots)
    # (the three findings made from the demo surveys are tested in test_surveys_demo.py)
    findings = Finding.objects.filter(is_demo=True, survey_link__isnull=True)
    assert 28 <= findings.count() <= 32
    process = findings.first().process
    listed = selectors.findings_of_process(process=process)
    answered = [f for f in listed if f.answers]
    assert len(answered) >= 25
    assert {f.statement for f in listed if f.is_open} >= {
        "Nedostatek pracovníků ohrožuje rozvoj terénních služeb."
    }
    # an indicator finding keeps the value it had
    indicator = findings.filter(source_kind="indicator", indicator_key="population").first()
    assert indicator.indicator_value is not None and indicator.indicator_value > 1000
    # a merged duplicate is not counted on its own
    board = selectors.swot_board(
        swot=swots.get(group__slug="seniori-a-osoby-se-zdravotnim-postizenim")
    )
    weaknesses = {v: items for v, _l, items in board.quadrants}["weakness"]
    merged = [r for r in weaknesses if r.merged]
    assert [m.text for r in merged for m in r.merged] == ["Chybí víkendová pečovatelská služba."]
    assert merged[0].item.text.startswith("Pečovatelská služba nejezdí")
    # loading again makes nothing twice
    from socplan.analysis import demo
    from socplan.core.demo import DemoReport

    before = (Swot.objects.count(), Finding.objects.count())
    report = DemoReport()
    demo.load(report)
    assert (Swot.objects.count(), Finding.objects.count()) == before
    assert not report.changed_anything
