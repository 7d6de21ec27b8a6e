"""The findings register: numbers, sources, the indicator's value kept, validation."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from socplan import testing
from socplan.analysis import evidence, selectors, services
from socplan.analysis.models import Finding
from socplan.core.models import AuditEvent
from socplan.territory.models import Population

from .helpers import make_group

pytestmark = pytest.mark.django_db


def test_findings_are_numbered_per_process(process):
    first = services.finding_create(actor=None, process=process, statement="Chybí poradna")
    second = services.finding_create(actor=None, process=process, statement="Chybí byty")
    other = testing.make_process(area=process.planning_area, slug="jiny-proces")
    third = services.finding_create(actor=None, process=other, statement="Jinde")
    assert (first.code, second.code, third.code) == ("Z01", "Z02", "Z01")
    assert AuditEvent.objects.filter(action="finding.created").count() == 3


def test_an_indicator_finding_keeps_the_value_it_had(process):
    area = process.planning_area
    live = evidence.live_value(key="population", area=area.slug)
    assert live is not None and live.value > 0
    finding = services.finding_create(
        actor=None,
        process=process,
        statement="Území má přes 10 tisíc obyvatel.",
        source_kind="indicator",
        indicator_key="population",
        indicator_area=area.slug,
    )
    assert finding.indicator_value == Decimal(str(live.value))
    assert finding.indicator_date == live.date
    # the figure changes later; the finding keeps what it was made from, the live one moves
    record = Population.objects.filter(municipality__in=area.municipalities.all()).first()
    record.total += 1000
    record.save()
    finding.refresh_from_db()
    assert finding.indicator_value == Decimal(str(live.value))
    listed = selectors.findings_of_process(process=process, live=True)[0]
    assert listed.live.value == live.value + 1000


def test_an_indicator_value_given_is_kept_as_given(process):
    finding = services.finding_create(
        actor=None,
        process=process,
        statement="Index stáří 130.",
        source_kind="indicator",
        indicator_key="ageing_index",
        indicator_area=process.planning_area.slug,
        indicator_value=Decimal("130.5"),
        indicator_date=datetime.date(2020, 12, 31),
    )
    assert finding.indicator_value == Decimal("130.5")
    assert finding.indicator_date == datetime.date(2020, 12, 31)


def test_the_basic_indicators_are_computed_from_the_bands(process):
    area = process.planning_area
    rows = Population.objects.filter(municipality__in=area.municipalities.all())
    source, year = rows.order_by("-year").values_list("source", "year").first()
    rows = rows.filter(source=source, year=year, age_65_plus__isnull=False)
    old = sum(r.age_65_plus for r in rows)
    young = sum(r.age_0_14 for r in rows)
    value = evidence.live_value(key="ageing_index", area=area.slug)
    assert value.value == pytest.approx(round(old * 100 / young, 2))
    code = area.municipalities.first().code
    assert evidence.live_value(key="population", area=code) is not None
    assert evidence.live_value(key="population", area="nowhere") is None
    assert evidence.live_value(key="unknown", area=area.slug) is None


def test_a_source_of_another_process_is_refused(process):
    other = testing.make_process(area=process.planning_area, slug="jiny-proces")
    item = services.swot_item_add(
        actor=None, process=other, group=make_group(other), quadrant="threat", text="Hrozba"
    )
    with pytest.raises(ValidationError) as error:
        services.finding_create(
            actor=None, process=process, statement="X", source_kind="swot", swot_item=item
        )
    assert "swot_item" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.finding_create(actor=None, process=process, statement="X", source_kind="swot")
    with pytest.raises(ValidationError):
        services.finding_create(actor=None, process=process, statement="  ")
    assert not Finding.objects.filter(process=process).exists()


def test_a_swot_item_and_a_survey_are_sources(process):
    item = services.swot_item_add(
        actor=None, process=process, group=make_group(process), quadrant="weakness", text="Slabina"
    )
    swot = services.finding_create(
        actor=None, process=process, statement="A", source_kind="swot", swot_item=item
    )
    survey = services.finding_create(
        actor=None,
        process=process,
        statement="B",
        source_kind="survey",
        source_ref="survey:3",
        source_note="Dotazník 2018",
    )
    assert selectors.finding_source_label(swot).endswith("Slabina")
    assert "Dotazník 2018" in selectors.finding_source_label(survey)
    # changing the kind drops the source of the other kind
    services.finding_update(actor=None, finding=swot, source_kind="other", source_note="Jinak")
    swot.refresh_from_db()
    assert swot.swot_item is None and swot.source_note == "Jinak"


def test_municipalities_must_be_of_the_area(process):
    from socplan.territory.models import Municipality

    inside = process.planning_area.municipalities.first()
    outside = Municipality.objects.create(
        code="999999", name="Jinde", district=inside.district, orp=inside.orp
    )
    with pytest.raises(ValidationError):
        services.finding_create(
            actor=None, process=process, statement="X", municipalities=[outside]
        )
    assert not Finding.objects.exists()
