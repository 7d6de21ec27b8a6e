"""JSON of the public API of the processes (``/api/v1/``): plain dicts of what the public
pages show. A value that is not known is ``null``; amounts and indicator values are numbers
(CZK for money); codes of municipalities, districts, ORP and regions are the ČSÚ codes.

The content of a plan comes from its snapshot (:func:`socplan.planning.versions.plan_snapshot`
of the plan, or its last approved version while an amendment is being drafted): the one
shape whichever of them the public reads.
"""

from decimal import Decimal, InvalidOperation

from django.urls import reverse

from socplan.core.numbers import is_digits
from socplan.planning.models import Plan
from socplan.planning.selectors import snapshot_finance
from socplan.planning.versions import shown_indicator, snapshot_labels


def number(value):
    """A Decimal (or a number written as text) as a JSON number; None stays None, and a
    text that is no number stays text."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    try:
        decimal = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not decimal.is_finite():
        return str(value)
    return int(decimal) if decimal == decimal.to_integral_value() else float(decimal)


def _iso(value):
    return value.isoformat() if value else None


def _url(request, name: str, **kwargs) -> str:
    return request.build_absolute_uri(reverse(f"api:{name}", kwargs=kwargs))


# --- processes -----------------------------------------------------------------------------


def _region(region) -> dict | None:
    if region is None:
        return None
    return {"code": region.code, "name": region.name, "nuts_code": region.nuts_code}


def _orp(orp) -> dict | None:
    if orp is None:
        return None
    return {"code": orp.code, "name": orp.name, "region": _region(orp.region)}


def area_item(area) -> dict:
    return {"name": area.name, "kind": area.kind, "orp": _orp(area.orp)}


def process_item(request, process) -> dict:
    return {
        "slug": process.slug,
        "name": process.name,
        "period_start": process.period_start,
        "period_end": process.period_end,
        "realizer": process.realizer,
        "area": area_item(process.planning_area),
        "url": request.build_absolute_uri(
            reverse("organisation:process_detail", kwargs={"slug": process.slug})
        ),
        "api_url": _url(request, "public_process", slug=process.slug),
        "plans_url": _url(request, "public_process_plans", slug=process.slug),
    }


def municipality(m) -> dict:
    return {
        "code": m.code,
        "name": m.name,
        "district": {"code": m.district.code, "name": m.district.name},
        "orp": {"code": m.orp.code, "name": m.orp.name} if m.orp_id else None,
        "region": {"code": m.district.region.code, "name": m.district.region.name},
    }


def process_full(request, process, *, municipalities: list) -> dict:
    regions = {}
    for m in municipalities:
        regions.setdefault(m.district.region.code, _region(m.district.region))
    current = process.current_phase()
    data = process_item(request, process)
    data.update(
        {
            "purpose": process.purpose,
            "realizer_url": process.realizer_url or None,
            "funding_programme": process.funding_programme or None,
            "registration_number": process.registration_number or None,
            "contact": {
                "name": process.contact_name or None,
                "email": process.contact_email or None,
                "phone": process.contact_phone or None,
            },
            "area": {
                **area_item(process.planning_area),
                "regions": list(regions.values()),
                "municipalities": [municipality(m) for m in municipalities],
            },
            "phases": [
                {
                    "kind": phase.kind,
                    "label": str(phase.get_kind_display()),
                    "start": _iso(phase.start),
                    "end": _iso(phase.end),
                    "note": phase.note,
                    "is_current": current is not None and phase.pk == current.pk,
                }
                for phase in process.phases.all()
            ],
        }
    )
    return data


# --- plans ---------------------------------------------------------------------------------


def plan_item(request, public) -> dict:
    plan = public.plan
    return {
        "id": plan.pk,
        "kind": plan.kind,
        "title": plan.title,
        "year_start": plan.year_start,
        "year_end": plan.year_end,
        "year": plan.year,
        "medium_term_plan_id": public.parent_id,
        "status": public.shown_status,
        "version": public.shown_version,
        "amendment_in_preparation": public.approved_version is not None,
        "process": {"slug": plan.process.slug, "name": plan.process.name},
        "url": request.build_absolute_uri(plan.get_absolute_url()),
        "api_url": _url(request, "public_plan", plan_pk=plan.pk),
    }


def _costs(costs) -> list[dict]:
    return [
        {"year": c["year"], "source": c["source"], "amount": number(c["amount"])} for c in costs
    ]


def _targets(targets) -> list[dict]:
    rows = []
    for year, value in (targets or {}).items():
        if is_digits(str(year)):
            rows.append({"year": int(year), "value": number(value)})
    return sorted(rows, key=lambda row: row["year"])


def _indicator(data: dict, measure_id, values: dict) -> dict:
    # by the id of the approved version's snapshot (an amendment may have renamed it since),
    # else by its name (a snapshot saved before the ids were in it)
    if data.get("id"):
        found = values.get(("id", data["id"]))
    else:
        found = values.get((measure_id, data.get("name")))
    return {
        "id": found["id"] if found else None,
        "name": data.get("name", ""),
        "unit": data.get("unit", ""),
        "baseline": number(data.get("baseline")),
        "source": data.get("source", ""),
        "aggregation": found["aggregation"] if found else None,
        "targets": _targets(data.get("targets")),
        "values": [
            {"year": year, "value": number(value)}
            for year, value in sorted((found or {}).get("values", {}).items())
        ],
    }


def _responsibility(data: dict) -> dict:
    return {
        "responsible": data.get("responsible", ""),
        "partners": [line.strip() for line in data.get("partners", "").splitlines() if line],
        "start_year": data.get("start_year"),
        "end_year": data.get("end_year"),
    }


def _municipalities(names: list, codes: dict) -> list[dict]:
    return [{"name": name, "code": codes.get(name)} for name in names]


def priorities(content: dict, *, values: dict, codes: dict) -> list[dict]:
    """The tree of a plan's content: priorities → measures → activities."""
    result = []
    for p in content.get("priorities", []):
        measures = []
        for m in p.get("measures", []):
            measures.append(
                {
                    "id": m.get("id"),
                    "code": m.get("code", ""),
                    "title": m.get("title", ""),
                    "description": m.get("description", ""),
                    "justification": m.get("justification", ""),
                    "kind": m.get("kind", ""),
                    "target_groups": list(m.get("target_groups", [])),
                    "municipalities": _municipalities(m.get("municipalities", []), codes),
                    "services": list(m.get("services", [])),
                    "findings": list(m.get("findings", [])),
                    "working_group": m.get("working_group") or None,
                    **_responsibility(m),
                    "indicators": [
                        _indicator(i, m.get("id"), values) for i in m.get("indicators", [])
                    ],
                    "costs": _costs(m.get("costs", [])),
                    "activities": [
                        {
                            "id": a.get("id"),
                            "code": a.get("code", ""),
                            "title": a.get("title", ""),
                            "description": a.get("description", ""),
                            "expected_outputs": a.get("expected_outputs", ""),
                            **_responsibility(a),
                            "costs": _costs(a.get("costs", [])),
                        }
                        for a in m.get("activities", [])
                    ],
                }
            )
        result.append(
            {
                "id": p.get("id"),
                "code": p.get("code", ""),
                "title": p.get("title", ""),
                "description": p.get("description", ""),
                "target_group": p.get("target_group") or None,
                "sub_area": p.get("sub_area") or None,
                "measures": measures,
            }
        )
    return result


def finance(content: dict) -> dict:
    """The money of the content summed by year and funding source (planning's sums)."""
    money = snapshot_finance(snapshot=content)
    rows = []
    for year in money.years:
        for source, _label in money.sources:
            amount = money.amount(year=year, source=source)
            if amount:
                rows.append({"year": year, "source": source, "amount": number(amount)})
    return {"total": number(money.total), "by_year_and_source": rows}


def plan_full(request, public, *, values: dict, codes: dict) -> dict:
    content = public.content
    data = plan_item(request, public)
    data.update(
        {
            "chapters": {name: content.get("chapters", {}).get(name, "") for name in Plan.CHAPTERS},
            "priorities": priorities(content, values=values, codes=codes),
            "finance": finance(content),
            "links": {
                "consultation": _url(request, "public_plan_rounds", plan_pk=public.plan.pk),
                "approval": _url(request, "public_plan_approval", plan_pk=public.plan.pk),
            },
        }
    )
    if public.plan.kind == Plan.Kind.MEDIUM_TERM:
        data["links"]["monitoring"] = _url(
            request, "public_plan_monitoring", plan_pk=public.plan.pk
        )
        data["links"]["evaluation"] = _url(
            request, "public_plan_evaluation", plan_pk=public.plan.pk
        )
    else:
        data["items"] = [
            {
                "id": item.get("id"),
                "activity": item.get("activity", ""),
                "expected_outputs": item.get("expected_outputs", ""),
                "status": item.get("status", ""),
                "carried_over": bool(item.get("carried_over")),
                "costs": _costs(item.get("costs", [])),
            }
            for item in content.get("items", [])
        ]
    return data


def labels(content: dict | None) -> dict[tuple, dict]:
    """The names the public content gives its priorities, measures, activities and
    indicators (never those of an amendment being drafted): see
    :func:`socplan.planning.versions.snapshot_labels`."""
    return snapshot_labels(content)


def _label(names: dict, kind: str, pk: int) -> dict:
    return names.get((kind, pk), {"code": None, "title": None})


def _public_indicator(row, names: dict) -> bool:
    """An indicator of the public content (not one added by an amendment)."""
    return shown_indicator(row.indicator, names) is not None


# --- consultation and approval ---------------------------------------------------------------


def round_item(request, round_) -> dict:
    return {
        "id": round_.pk,
        "title": round_.title,
        # a round on a SWOT is public whatever the state of the plan: it names no plan
        "plan_id": None if round_.swot_id else round_.plan_id,
        "plan_version": None if round_.swot_id else round_.plan_version,
        "subject": "swot" if round_.swot_id else "plan",
        "state": round_.state,
        "opens_on": _iso(round_.opens_on),
        "closes_on": _iso(round_.closes_on),
        "hearing_on": _iso(round_.hearing_on),
        "hearing_place": round_.hearing_place,
        "announcement": round_.announcement,
        "url": request.build_absolute_uri(round_.get_absolute_url()),
        "api_url": _url(request, "public_round", pk=round_.pk),
        "comments_url": _url(request, "public_round_comments", pk=round_.pk),
    }


def comment(c) -> dict:
    resolution = getattr(c, "resolution", None)
    return {
        "number": c.number,
        "author": c.public_author,
        "part": c.part,
        "part_label": c.part_label,
        "quote": c.quote,
        "text": c.text,
        "kind": c.kind,
        "channel": c.channel,
        "resolution": {
            "outcome": resolution.outcome,
            "reasoning": resolution.reasoning,
            "change": resolution.change,
        }
        if resolution is not None
        else None,
    }


def _decision(d) -> dict:
    return {
        "body": d.body,
        "body_name": d.body_name,
        "decision": d.decision,
        "resolution_number": d.resolution_number,
        "decided_on": _iso(d.decided_on),
        "note": d.note,
    }


def approval(plan, data: dict) -> dict:
    found = data["approval"]
    return {
        "plan_id": plan.pk,
        "version": data["version"],
        "approval": {
            "version": found.version,
            "approved_on": _iso(found.approved_on),
            "resolution": found.resolution,
            "in_force_from": _iso(found.in_force_from),
            "content_checksum": found.content_checksum or None,
        }
        if found is not None
        else None,
        "council_decisions": [
            {
                **_decision(d),
                "version": d.version,
                "is_lead": d.is_lead,
                "municipality": {"code": d.municipality.code, "name": d.municipality.name}
                if d.municipality_id
                else None,
            }
            for d in data["decisions"]
        ],
    }


# --- monitoring ------------------------------------------------------------------------------


def _money(money) -> dict:
    return {"planned": number(money.planned), "actual": number(money.actual)}


def period_item(request, period, *, plan) -> dict:
    decision = period.council_note
    return {
        "year": period.year,
        "status": period.status,
        "approved_at": _iso(period.approved_at),
        "summary": period.summary,
        "council_decision": _decision(decision) if decision is not None else None,
        "api_url": _url(request, "public_plan_period", plan_pk=plan.pk, year=period.year),
    }


def _indicator_row(row, names: dict) -> dict:
    indicator = row.indicator
    shown = shown_indicator(indicator, names) or {}
    return {
        "id": indicator.pk,
        "measure": _label(names, "measure", indicator.measure_id),
        "name": shown.get("name", indicator.name),
        "unit": shown.get("unit", indicator.unit),
        "aggregation": row.aggregation,
        "baseline": number(indicator.baseline),
        "target_final": number(row.target_final),
        "to_date": number(row.to_date),
        "achievement": row.achievement,
        "values": [
            {"year": year, "value": number(value)}
            for year, value in sorted(row.values_by_year.items())
        ],
    }


def period_full(request, period, state, *, plan, names: dict) -> dict:
    data = period_item(request, period, plan=plan)
    data.update(
        {
            "progress": state.progress,
            "light": state.light,
            "done_share": state.done_share,
            "costs": [
                {"source": source, **_money(money)}
                for source, money in state.costs.items()
                if money.planned or money.actual
            ],
            "priorities": [
                {
                    **_label(names, "priority", p.priority.pk),
                    "id": p.priority.pk,
                    "progress": p.progress,
                    "light": p.light,
                    "measures": [
                        {
                            **_label(names, "measure", m.measure.pk),
                            "id": m.measure.pk,
                            "progress": m.progress,
                            "light": m.light,
                            "activities": [
                                {
                                    **_label(names, "activity", a.item.activity_id),
                                    "id": a.item.activity_id,
                                    "status": a.status,
                                    "progress": a.progress,
                                    "commentary": a.commentary,
                                    "planned": number(a.planned_total),
                                    "actual": number(a.actual_total),
                                }
                                for a in m.activities
                                if ("activity", a.item.activity_id) in names
                            ],
                        }
                        for m in p.measures
                        if ("measure", m.measure.pk) in names
                    ],
                }
                for p in state.priorities
                if ("priority", p.priority.pk) in names
            ],
            "indicators": [
                _indicator_row(row, names)
                for row in state.indicators
                if _public_indicator(row, names)
            ],
        }
    )
    return data


def evaluation(evaluation, summary, *, plan, names: dict) -> dict:
    return {
        "plan_id": plan.pk,
        "status": evaluation.status,
        "lessons": evaluation.lessons,
        "recommendations": evaluation.recommendations,
        "done_share": summary.done_share,
        "indicator_achievement": summary.indicator_achievement,
        "activities": [
            {**_label(names, "activity", activity.pk), "id": activity.pk, "status": status}
            for activity, status, _year in summary.activities
            if ("activity", activity.pk) in names
        ],
        "indicators": [
            _indicator_row(row, names)
            for row in summary.indicators
            if _public_indicator(row, names)
        ],
        "money": [
            {"year": year, "source": source, **_money(summary.money[(year, source)])}
            for year in summary.years
            for source, _label_ in summary.sources
            if summary.money[(year, source)].planned or summary.money[(year, source)].actual
        ],
    }
