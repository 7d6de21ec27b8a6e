"""The CSV distributions of the local open-data catalogue (:mod:`.opendata`) and their
CSV on the Web (CSVW) metadata.

Each table is a :class:`socplan.core.tables.Table` of :class:`DataColumn` (a
:class:`socplan.core.tables.Column` that also has a machine name and a CSVW datatype), so the
CSV (:func:`socplan.core.tables.csv_bytes`) and its schema (:func:`csvw_metadata`) come from
the same column definitions. Headers are Czech (the CSVW ``titles`` also carry English).

Only what the public pages show is read, through the same selectors and permission rules
(asked for an anonymous visitor): the public plans of a published process (the last approved
version of a plan under amendment), the values of indicators from approved monitoring
periods, the public comments of the public consultation rounds (never a hidden one, the
commenter named only as they agreed), the meetings the public may see (no attendance), the
output indicators as counts, and the public catalogue of services.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from socplan.catalogue import exports as catalogue_exports
from socplan.catalogue import selectors_public as catalogue_selectors
from socplan.consultation import selectors as consultation_selectors
from socplan.consultation.models import Round
from socplan.core import tables
from socplan.library import selectors as library_selectors
from socplan.monitoring.models import IndicatorValue, MonitoringPeriod
from socplan.organisation.models import Meeting, PlanningProcess
from socplan.planning import selectors as plan_selectors
from socplan.planning.models import FundingSource, Measure, Plan
from socplan.planning.versions import plan_snapshot

CSVW_CONTEXT = "http://www.w3.org/ns/csvw"
LANGUAGE = "cs"  # the language of the headers and labels in the CSV files


@dataclass
class DataColumn(tables.Column):
    """A column of an open-data table: ``name`` (ASCII, the CSVW column name) and
    ``datatype`` (a CSVW built-in datatype: string, integer, decimal, date, dateTime,
    anyURI, boolean) besides the header and the getter of :class:`tables.Column`."""

    name: str = ""
    datatype: str = "string"
    titles: dict | None = None  # {"cs": ..., "en": ...} when the header is not translatable


def C(header, name: str, value: Callable | None = None, datatype: str = "string") -> DataColumn:  # noqa: N802
    return DataColumn(
        header,
        value=value or (lambda row, _name=name: row.get(_name)),
        name=name,
        datatype=datatype,
    )


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).replace(",", ".").replace("\xa0", "").replace(" ", ""))
    except (InvalidOperation, ValueError):
        return None


# --- the public plans -------------------------------------------------------------------------


@dataclass
class PublicPlan:
    """A plan as the public sees it: its snapshot (the last approved version while an
    amendment is drafted, else the plan as it is now)."""

    plan: Plan
    snapshot: dict

    @property
    def title(self) -> str:
        return self.snapshot.get("title") or self.plan.title

    @property
    def is_medium_term(self) -> bool:
        return self.plan.kind == Plan.Kind.MEDIUM_TERM


def public_plans(process: PlanningProcess) -> list[PublicPlan]:
    plans = plan_selectors.plans_of_process(process=process, internal=False)
    approved = plan_selectors.plan_approved_versions(plans=plans)
    result = []
    for plan in plans:
        version = approved.get(plan.pk)
        snapshot = version.snapshot if version is not None else plan_snapshot(plan)
        result.append(PublicPlan(plan=plan, snapshot=snapshot))
    return result


def _plan_fields(public: PublicPlan) -> dict:
    snapshot = public.snapshot
    statuses = dict(Plan.Status.choices)
    kinds = dict(Plan.Kind.choices)
    return {
        "plan": public.title,
        "plan_kind": str(kinds.get(snapshot.get("kind"), snapshot.get("kind", ""))),
        "plan_year_start": snapshot.get("year_start"),
        "plan_year_end": snapshot.get("year_end"),
        "plan_status": str(statuses.get(snapshot.get("status"), snapshot.get("status", ""))),
        "plan_version": snapshot.get("version"),
    }


PLAN_COLUMNS = [
    C(_("Plan"), "plan"),
    C(_("Kind of plan"), "plan_kind"),
    C(_("Plan from (year)"), "plan_year_start", datatype="integer"),
    C(_("Plan to (year)"), "plan_year_end", datatype="integer"),
    C(_("Status of the plan"), "plan_status"),
    C(_("Version of the plan"), "plan_version", datatype="integer"),
]


# --- priorities, measures and activities -------------------------------------------------------

PARTS_COLUMNS = [
    *PLAN_COLUMNS,
    C(_("Level"), "level"),
    C(_("Code"), "code"),
    C(_("Title"), "title"),
    C(_("Code of the superior part"), "parent_code"),
    C(_("Description"), "description"),
    C(_("Justification"), "justification"),
    C(_("Type of measure"), "measure_kind"),
    C(_("Target groups"), "target_groups"),
    C(_("Municipalities"), "municipalities"),
    C(_("Services"), "services"),
    C(_("Responsible"), "responsible"),
    C(_("Partners"), "partners"),
    C(_("From (year)"), "start_year", datatype="integer"),
    C(_("To (year)"), "end_year", datatype="integer"),
    C(_("Expected outputs"), "expected_outputs"),
]


def _parts_rows(process: PlanningProcess):
    kinds = dict(Measure.Kind.choices)
    for public in public_plans(process):
        if not public.is_medium_term:
            continue
        plan = _plan_fields(public)
        for p in public.snapshot.get("priorities", []):
            yield {
                **plan,
                "level": str(_("priority")),
                "code": p.get("code", ""),
                "title": p.get("title", ""),
                "description": p.get("description", ""),
                "target_groups": p.get("target_group", ""),
            }
            for m in p.get("measures", []):
                yield {
                    **plan,
                    "level": str(_("measure")),
                    "code": m.get("code", ""),
                    "title": m.get("title", ""),
                    "parent_code": p.get("code", ""),
                    "description": m.get("description", ""),
                    "justification": m.get("justification", ""),
                    "measure_kind": str(kinds.get(m.get("kind"), m.get("kind", ""))),
                    "target_groups": "; ".join(m.get("target_groups") or []),
                    "municipalities": "; ".join(m.get("municipalities") or []),
                    "services": "; ".join(m.get("services") or []),
                    "responsible": m.get("responsible", ""),
                    "partners": "; ".join(
                        line.strip()
                        for line in (m.get("partners") or "").splitlines()
                        if line.strip()
                    ),
                    "start_year": m.get("start_year"),
                    "end_year": m.get("end_year"),
                }
                for a in m.get("activities", []):
                    yield {
                        **plan,
                        "level": str(_("activity")),
                        "code": a.get("code", ""),
                        "title": a.get("title", ""),
                        "parent_code": m.get("code", ""),
                        "description": a.get("description", ""),
                        "responsible": a.get("responsible", ""),
                        "partners": "; ".join(
                            line.strip()
                            for line in (a.get("partners") or "").splitlines()
                            if line.strip()
                        ),
                        "start_year": a.get("start_year"),
                        "end_year": a.get("end_year"),
                        "expected_outputs": a.get("expected_outputs", ""),
                    }


def plan_parts_table(process: PlanningProcess) -> tables.Table:
    return tables.Table(
        name="plan-parts",
        title=_("Priorities, measures and activities"),
        columns=PARTS_COLUMNS,
        rows=_parts_rows(process),
    )


# --- costs -------------------------------------------------------------------------------------

COSTS_COLUMNS = [
    *PLAN_COLUMNS,
    C(_("Year of the action plan"), "action_plan_year", datatype="integer"),
    C(_("Level"), "level"),
    C(_("Code"), "code"),
    C(_("Title"), "title"),
    C(_("Year"), "year", datatype="integer"),
    C(_("Funding source (code)"), "source"),
    C(_("Funding source"), "source_label"),
    C(_("Amount (CZK)"), "amount", datatype="decimal"),
]


def _costs_rows(process: PlanningProcess):
    sources = dict(FundingSource.choices)

    def rows(plan: dict, level: str, code: str, title: str, costs: list):
        for c in costs or []:
            yield {
                **plan,
                "level": level,
                "code": code,
                "title": title,
                "year": c.get("year"),
                "source": c.get("source", ""),
                "source_label": str(sources.get(c.get("source"), c.get("source", ""))),
                "amount": _decimal(c.get("amount")),
            }

    for public in public_plans(process):
        plan = {**_plan_fields(public), "action_plan_year": public.snapshot.get("year")}
        measure, activity = str(_("measure")), str(_("activity"))
        for p in public.snapshot.get("priorities", []):
            for m in p.get("measures", []):
                yield from rows(
                    plan, measure, m.get("code", ""), m.get("title", ""), m.get("costs")
                )
                for a in m.get("activities", []):
                    yield from rows(
                        plan, activity, a.get("code", ""), a.get("title", ""), a.get("costs")
                    )
        # an action plan: the budgets of its items, and the measures' own costs
        for entry in public.snapshot.get("measure_costs", []):
            yield from rows(plan, measure, "", entry.get("measure", ""), entry.get("costs"))
        for item in public.snapshot.get("items", []):
            yield from rows(plan, activity, "", item.get("activity", ""), item.get("costs"))


def plan_costs_table(process: PlanningProcess) -> tables.Table:
    return tables.Table(
        name="plan-costs",
        title=_("Costs of the plans by year and funding source"),
        columns=COSTS_COLUMNS,
        rows=_costs_rows(process),
    )


# --- indicators and their values -------------------------------------------------------------

INDICATORS_COLUMNS = [
    *PLAN_COLUMNS,
    C(_("Code of the measure"), "measure_code"),
    C(_("Measure"), "measure_title"),
    C(_("Indicator"), "indicator"),
    C(_("Unit"), "unit"),
    C(_("Baseline"), "baseline", datatype="decimal"),
    C(_("Source of data"), "indicator_source"),
    C(_("Year"), "year", datatype="integer"),
    C(_("Target value"), "target", datatype="decimal"),
    C(_("Actual value"), "value", datatype="decimal"),
]


def _approved_values(plan: Plan) -> dict[tuple, Decimal]:
    """("id", indicator id, year) and (measure id, indicator name, year) -> the value from
    an approved monitoring period (what the public monitoring pages show). The snapshot of
    an approved version names its indicators by id (an amendment may have renamed them
    since); one saved before the ids were in it, by name."""
    rows = IndicatorValue.objects.filter(
        period__action_plan__medium_term_plan=plan,
        period__status=MonitoringPeriod.Status.APPROVED,
    ).values_list(
        "indicator_id",
        "indicator__measure_id",
        "indicator__name",
        "period__action_plan__year",
        "value",
    )
    values = {}
    for indicator_id, measure_id, name, year, value in rows:
        values[("id", indicator_id, year)] = values[(measure_id, name, year)] = value
    return values


def _indicator_value(values: dict, measure: dict, indicator: dict, year: int):
    if indicator.get("id"):
        return values.get(("id", indicator["id"], year))
    return values.get((measure.get("id"), indicator.get("name"), year))


def _indicators_rows(process: PlanningProcess):
    for public in public_plans(process):
        if not public.is_medium_term:
            continue
        plan = _plan_fields(public)
        values = _approved_values(public.plan)
        snapshot = public.snapshot
        years = range(snapshot["year_start"], snapshot["year_end"] + 1)
        for p in snapshot.get("priorities", []):
            for m in p.get("measures", []):
                for i in m.get("indicators", []):
                    targets = i.get("targets") or {}
                    for year in years:
                        yield {
                            **plan,
                            "measure_code": m.get("code", ""),
                            "measure_title": m.get("title", ""),
                            "indicator": i.get("name", ""),
                            "unit": i.get("unit", ""),
                            "baseline": _decimal(i.get("baseline")),
                            "indicator_source": i.get("source", ""),
                            "year": year,
                            "target": _decimal(targets.get(str(year))),
                            "value": _indicator_value(values, m, i, year),
                        }


def plan_indicators_table(process: PlanningProcess) -> tables.Table:
    return tables.Table(
        name="plan-indicators",
        title=_("Indicators of the plans with targets and actual values"),
        columns=INDICATORS_COLUMNS,
        rows=_indicators_rows(process),
    )


# --- the resolution of comments ----------------------------------------------------------------

RESOLUTIONS_COLUMNS = [
    C(_("Consultation round"), "round"),
    C(_("Plan"), "plan"),
    C(_("Comments from"), "opens_on", datatype="date"),
    C(_("Comments until"), "closes_on", datatype="date"),
    C(_("Number"), "number", datatype="integer"),
    C(_("Commenter"), "author"),
    C(_("Part of the plan"), "part"),
    C(_("Quoted passage"), "quote"),
    C(_("Comment"), "text"),
    C(_("Kind"), "kind"),
    C(_("Settlement"), "outcome"),
    C(_("Reasoning"), "reasoning"),
    C(_("Change in the plan"), "change"),
]


def public_rounds(process: PlanningProcess) -> list[Round]:
    """The consultation rounds of the process that an anonymous visitor may read."""
    if not process.is_published:
        return []
    anonymous = AnonymousUser()
    rounds = (
        Round.objects.filter(plan__process=process)
        .select_related("plan__process", "swot__group")
        .order_by("opens_on", "id")
    )
    return [r for r in rounds if anonymous.has_perm("consultation.view_round", r)]


def _resolution_rows(process: PlanningProcess):
    for round_ in public_rounds(process):
        for row in consultation_selectors.resolution_table(round=round_, public=True):
            if row.hidden:  # never (the public table leaves them out): a second guard
                continue
            yield {
                "round": round_.title,
                "plan": round_.plan.title,
                "opens_on": round_.opens_on,
                "closes_on": round_.closes_on,
                "number": row.number,
                "author": row.author,
                "part": row.part,
                "quote": row.quote,
                "text": row.text,
                "kind": row.kind,
                "outcome": row.outcome,
                "reasoning": row.reasoning,
                "change": row.change,
            }


def resolutions_table(process: PlanningProcess) -> tables.Table:
    return tables.Table(
        name="comment-resolutions",
        title=_("Resolution of comments"),
        columns=RESOLUTIONS_COLUMNS,
        rows=_resolution_rows(process),
    )


# --- meetings ----------------------------------------------------------------------------------

MEETINGS_COLUMNS = [
    C(_("Starts"), "starts_at", datatype="dateTime"),
    C(_("Ends"), "ends_at", datatype="dateTime"),
    C(_("Title"), "title"),
    C(_("Kind"), "kind"),
    C(_("Status"), "status"),
    C(_("Place"), "place"),
    C(_("Groups"), "groups"),
    C(_("Agenda"), "agenda"),
    C(_("Address of the meeting's page"), "url", datatype="anyURI"),
]


def public_meetings(process: PlanningProcess) -> list[Meeting]:
    """The meetings of the process an anonymous visitor may see (public meetings and
    meetings of public groups)."""
    if not process.is_published:
        return []
    anonymous = AnonymousUser()
    meetings = (
        Meeting.objects.filter(process=process)
        .select_related("process")
        .prefetch_related("groups", "agenda_items")
        .order_by("starts_at", "id")
    )
    return [m for m in meetings if anonymous.has_perm("organisation.view_meeting", m)]


def _local(value: datetime.datetime | None):
    return timezone.localtime(value).replace(microsecond=0) if value else None


def _meeting_rows(process: PlanningProcess, base_url: str):
    for meeting in public_meetings(process):
        yield {
            "starts_at": _local(meeting.starts_at),
            "ends_at": _local(meeting.ends_at),
            "title": meeting.title,
            "kind": meeting.get_kind_display(),
            "status": meeting.get_status_display(),
            "place": meeting.place,
            "groups": "; ".join(g.name for g in meeting.groups.all() if g.is_public),
            "agenda": "; ".join(item.title for item in meeting.agenda_items.all()),
            "url": base_url + meeting.get_absolute_url(),
        }


def meetings_table(process: PlanningProcess, *, base_url: str) -> tables.Table:
    return tables.Table(
        name="meetings",
        title=_("Meetings"),
        columns=MEETINGS_COLUMNS,
        rows=_meeting_rows(process, base_url),
    )


# --- output indicators -------------------------------------------------------------------------

OUTPUT_COLUMNS = [
    C(_("Year"), "year", datatype="integer"),
    C(_("From"), "date_from", datatype="date"),
    C(_("To"), "date_to", datatype="date"),
    C(_("Output indicator"), "indicator"),
    C(_("Value"), "value", datatype="integer"),
]


def output_years(process: PlanningProcess) -> list[int]:
    """The calendar years of the process's period (or its realization) up to this year."""
    start, end = library_selectors.output_indicators_default_range(process=process)
    last = min(end.year, timezone.localdate().year)
    return list(range(start.year, last + 1))


def _output_rows(process: PlanningProcess):
    for year in output_years(process):
        date_from, date_to = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        result = library_selectors.output_indicators(
            process=process, date_from=date_from, date_to=date_to
        )
        for label, value in result.rows():
            yield {
                "year": year,
                "date_from": date_from,
                "date_to": date_to,
                "indicator": str(label),
                "value": value,
            }


def output_indicators_table(process: PlanningProcess) -> tables.Table:
    return tables.Table(
        name="output-indicators",
        title=_("Output indicators"),
        columns=OUTPUT_COLUMNS,
        rows=_output_rows(process),
    )


# --- the catalogue of services (the catalogue's own export) ----------------------------------

# Machine names and datatypes of the columns of :func:`socplan.catalogue.exports.columns`, in
# their order (a test checks that both have as many).
SERVICE_COLUMN_NAMES = [
    ("service", "string"),
    ("provider", "string"),
    ("ico", "string"),
    ("kind", "string"),
    ("paragraph", "string"),
    ("kind_group", "string"),
    ("category", "string"),
    ("source", "string"),
    ("forms_capacity", "string"),
    ("target_groups", "string"),
    ("age_groups", "string"),
    ("addresses", "string"),
    ("municipalities_served", "string"),
    ("phones", "string"),
    ("emails", "string"),
    ("web_sites", "string"),
    ("provided_from", "date"),
    ("provided_until", "date"),
    ("last_verified", "date"),
    ("register_number", "string"),
    ("url", "anyURI"),
]


def services_table(*, base_url: str) -> tables.Table:
    """Every current service of the public catalogue, as the catalogue's CSV export writes
    it (:mod:`socplan.catalogue.exports`), its columns named for CSVW."""
    found = catalogue_selectors.find_services(catalogue_selectors.Criteria(), with_facets=False)
    with translation.override(LANGUAGE):
        table = catalogue_exports.table(found.ids, base_url=base_url)
    with translation.override("en"):
        english = catalogue_exports.columns()
    table.columns = [
        DataColumn(
            column.header,
            value=column.value,
            width=column.width,
            date=column.date,
            name=name,
            datatype=datatype,
            titles={"cs": str(column.header), "en": str(title_en)},
        )
        for column, title_en, (name, datatype) in zip(
            table.columns, english, SERVICE_COLUMN_NAMES, strict=True
        )
    ]
    return table


# --- CSV and CSVW ------------------------------------------------------------------------------


def csv_bytes(table: tables.Table) -> bytes:
    """The table as the CSV of :mod:`socplan.core.tables` for open data (RFC 4180: commas,
    UTF-8 without a byte-order mark), with Czech headers and labels."""
    with translation.override(LANGUAGE):
        return tables.csv_bytes(table, open_data=True)


def _texts(text) -> dict[str, str]:
    result = {}
    for language in ("cs", "en"):
        with translation.override(language):
            result[language] = str(text)
    return result


def csvw_metadata(table: tables.Table, *, csv_url: str, title: dict, publisher: str = "") -> dict:
    """The CSV on the Web metadata of the CSV of ``table`` (W3C "Metadata Vocabulary for
    Tabular Data"): the file, its dialect (commas, UTF-8, a header row) and a column
    for each :class:`DataColumn`, in the order of the CSV."""
    columns = []
    for column in table.columns:
        columns.append(
            {
                "name": column.name,
                "titles": column.titles or _texts(column.header),
                "datatype": column.datatype,
            }
        )
    metadata = {
        "@context": [CSVW_CONTEXT, {"@language": LANGUAGE}],
        "url": csv_url,
        "dc:title": title,
        "dialect": {"delimiter": ",", "encoding": "utf-8", "header": True, "headerRowCount": 1},
        "tableSchema": {"columns": columns},
    }
    if publisher:
        metadata["dc:publisher"] = {"@id": publisher}
    return metadata
