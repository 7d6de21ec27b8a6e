"""The PDFs of the monitoring: the yearly monitoring report (the context of
:func:`socplan.documents.monitoring.report_context`) and the evaluation of a plan at its end
(:func:`socplan.documents.monitoring.evaluation_context`) as documents for Typst
(:mod:`.typeset`).

The same content as their DOCX, laid out for print. The report: the title page (the plan,
the process, the approval by the steering group and the council's decision), the contents,
the summary (progress of the plan and its traffic light, activities by state, the
priorities with their lights), the state of every priority and measure with a table of its
activities, the indicators against their targets with one chart per measure, spending
against the plan by funding source, and what carries over to the next year. The evaluation:
activities by their final state, the achievement of the indicators, the planned and real
costs by funding source and year, the lessons and recommendations, and what is unfinished.
The labels of the traffic lights are printed bold in their colours.
"""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from socplan.core.numbers import format_number
from socplan.monitoring import rollup

from . import typeset


def percent(value) -> str:
    """A percentage as printed: rounded as on the web, "76 %" (non-breaking), "–" for none."""
    shown = rollup.percent_shown(value)
    return "–" if shown is None else f"{format_number(shown, 0)}\u00a0%"


_percent = percent


def _money(value) -> str:
    return format_number(value, 0)


def _or_dash(text: str) -> str:
    return text or "–"


def _demo(*objects) -> list[str]:
    if any(getattr(o, "is_demo", False) for o in objects):
        return [_("Demo data: made up for trying socplan out.")]
    return []


def _document(context: dict, blocks: list[dict], images: typeset.Images, colophon) -> dict:
    process = context["process"]
    return typeset.Document(
        title=context["title"],
        subtitle=context["subtitle"],
        author=process.realizer,
        lang=(get_language() or "cs")[:2],
        page=context["page_size"],
        blocks=blocks,
        title_page=typeset.title_page(
            context["branding"],
            images,
            colophon=colophon,
            demo=_demo(context.get("period") or context.get("evaluation"), process),
        ),
        images=images,
    )


def _plan_line(plan) -> str:
    return f"{plan.title} ({plan.years_label})"


# --- the monitoring report -----------------------------------------------------------------


def _summary(context: dict) -> list[dict]:
    period, state = context["period"], context["state"]
    blocks = [typeset.heading(_("Summary"), id="summary")]
    blocks += typeset.paragraphs(period.summary)
    progress = [
        _("Progress of the plan in the year") + ": ",
        ("b", _percent(state.progress)),
        " (",
        typeset.light(state.light, context["light_label"]),
        ")",
    ]
    if state.override:
        progress.append(f"; {_('light set by hand')}: {state.override.reason}")
    blocks.append(typeset.lights_paragraph(*progress, "."))
    blocks.append(
        typeset.paragraph(
            _("Share of activities done") + ": ", ("b", _percent(state.done_share)), "."
        )
    )
    blocks.append(
        typeset.table(
            [_("State"), _("Activities")],
            [[label, str(count)] for _code, label, count in state.counts],
            caption=_("Activities by state"),
            numeric=[1],
            keep=True,
        )
    )
    priorities = state.priorities
    blocks.append(
        typeset.lights_table(
            [_("Priority"), _("Progress"), _("Traffic light")],
            [
                [
                    f"{p.priority.code} {p.priority.title}",
                    _percent(p.progress),
                    _or_dash(p.light_label),
                ]
                for p in priorities
            ],
            lights={2: [p.light for p in priorities]},
            caption=_("Priorities"),
            numeric=[1],
            widths=[70, 12],
            keep=True,
        )
    )
    return blocks


# a measure's table of activities of at most this many characters is kept on one page (about
# half a page of the small type of the table)
KEPT_TABLE_CHARACTERS = 1500


def _measure_table(m) -> list[dict]:
    caption = (
        _("Measure %(code)s: %(title)s")
        % {
            "code": m.measure.code,
            "title": m.measure.title,
        }
        + f" – {_percent(m.progress)}, {_or_dash(m.light_label)}"
    )
    if m.override:
        caption += f" ({_('set by hand')}: {m.override.reason})"
    columns = activity_headers()
    if not m.activities:
        return [
            typeset.table(
                columns,
                [[_("Costs of the measure itself only."), "", "", "", "", ""]],
                caption=caption,
                widths=[26, 12, 8, 12, 12],
                size="small",
                keep=True,
            )
        ]
    rows = [
        [
            f"{a.activity.code} {a.activity.title}",
            a.state,
            _percent(a.progress),
            _money(a.planned_total),
            _money(a.actual_total),
            a.commentary,
        ]
        for a in m.activities
    ]
    return [
        typeset.table(
            columns,
            rows,
            caption=caption,
            numeric=[2, 3, 4],
            widths=[26, 12, 8, 12, 12],
            size="small",
            # a short table on one page with its caption (a long one repeats its header row)
            keep=sum(len(text) for row in rows for text in row) <= KEPT_TABLE_CHARACTERS,
        )
    ]


def _state(context: dict) -> list[dict]:
    state = context["state"]
    blocks = [
        typeset.heading(
            _("State of the priorities, measures and activities"), id="state", page_break=True
        )
    ]
    for p in state.priorities:
        title = _("Priority %(code)s: %(title)s") % {
            "code": p.priority.code,
            "title": p.priority.title,
        }
        blocks.append(
            typeset.heading(
                f"{title} – {_percent(p.progress)}, {_or_dash(p.light_label)}",
                level=2,
                id=f"priority-{p.priority.pk}",
            )
        )
        if p.override:
            blocks.append(
                typeset.paragraph(f"{_('Light set by hand')}: {p.override.reason}", size="small")
            )
        for m in p.measures:
            blocks += _measure_table(m)
    if not state.priorities:
        blocks.append(typeset.paragraph(_("The action plan of this year has no activities.")))
    return blocks


def _indicator_name(row) -> str:
    name = f"{row.indicator.measure.code} {row.indicator.name}"
    return name + (f" ({row.indicator.unit})" if row.indicator.unit else "")


def _kind(row) -> str:
    return _("cumulative") if row.aggregation == "cumulative" else _("level")


def activity_headers() -> list[str]:
    """The columns of a measure's activities in the report (PDF and DOCX)."""
    return [
        _("Activity"),
        _("State"),
        _("Progress"),
        _("Planned (CZK)"),
        _("Real (CZK)"),
        _("Commentary"),
    ]


def indicator_headers(*, final: bool) -> list[str]:
    """The columns of the indicators' table: of a monitored year (``final`` False) or of
    the plan at its end (the evaluation). The DOCX has the same."""
    values = [_("Actual at the end")] if final else [_("Value of the year"), _("Actual to date")]
    return [
        _("Indicator"),
        _("Kind"),
        _("Baseline"),
        *values,
        _("Target of the plan"),
        _("Achieved"),
    ]


def _indicators(context: dict, images: typeset.Images) -> list[dict]:
    state = context["state"]
    blocks = [typeset.heading(_("Indicators"), id="indicators", page_break=True)]
    if not state.indicators:
        return blocks + [typeset.paragraph(_("The plan has no indicators."))]
    blocks.append(
        typeset.table(
            indicator_headers(final=False),
            [
                [
                    _indicator_name(r),
                    _kind(r),
                    format_number(r.baseline),
                    format_number(r.value.value) if r.value else "–",
                    _or_dash(format_number(r.to_date)),
                    _or_dash(format_number(r.target_final)),
                    _percent(r.achievement),
                ]
                for r in state.indicators
            ],
            numeric=range(2, 7),
            widths=[26, 12, 12, 12, 12, 12],
            size="small",
        )
    )
    charts = context["indicator_charts"]
    if charts:
        blocks.append(typeset.heading(_("Actual values against targets"), level=2, outlined=False))
        blocks.append(
            typeset.paragraph(
                _(
                    "One chart per measure. For each indicator the grey bar is the target of "
                    "the plan, the dark mark the target by the year and the blue bar the actual "
                    "value to date (cumulative indicators: the sums of the years)."
                ),
                size="small",
            )
        )
        blocks += [typeset.chart_figure(images, chart) for chart in charts]
    return blocks


def _money_blocks(context: dict) -> list[dict]:
    state = context["state"]
    total = state.cost_total
    return [
        typeset.heading(_("Spending against the plan"), id="money", page_break=True),
        typeset.table(
            [_("Funding source"), _("Planned"), _("Real"), _("Difference"), _("Execution")],
            [
                [
                    label,
                    _money(m.planned),
                    _money(m.actual),
                    _money(m.difference),
                    _percent(m.execution),
                ]
                for label, m in state.cost_rows
            ],
            caption=_("Costs by funding source: planned and real (CZK)"),
            numeric=[1, 2, 3, 4],
            total=[
                _("Total"),
                _money(total.planned),
                _money(total.actual),
                _money(total.difference),
                _percent(total.execution),
            ],
            keep=True,
        ),
    ]


def _carry_over(context: dict) -> list[dict]:
    state = context["state"]
    blocks = [typeset.heading(_("What carries over"), id="carry-over", page_break=True)]
    if state.carry_over:
        blocks.append(
            typeset.paragraph(
                _("These activities were not finished and carry over into the next year:")
            )
        )
        blocks.append(
            typeset.bullets(
                f"{a.activity.code} {a.activity.title} ({a.state})" for a in state.carry_over
            )
        )
    else:
        blocks.append(typeset.paragraph(_("Nothing: every activity is done or cancelled.")))
    return blocks


def report_document(context: dict) -> typeset.Document:
    """The monitoring report's PDF as a document for Typst (``context`` of
    :func:`socplan.documents.monitoring.report_context` with ``branding``)."""
    plan, process = context["plan"], context["process"]
    images = typeset.Images()
    colophon = [
        (_("Plan"), _plan_line(plan)),
        (_("Process"), process.name),
        (_("Approval"), context["status_line"]),
    ]
    if context["council_line"]:
        colophon.append((_("Council"), context["council_line"]))
    blocks = [typeset.outline(_("Contents"))]
    blocks += _summary(context)
    blocks += _state(context)
    blocks += _indicators(context, images)
    blocks += _money_blocks(context)
    blocks += _carry_over(context)
    return _document(context, blocks, images, colophon)


# --- the evaluation of a plan at its end ---------------------------------------------------


def _evaluation_activities(summary) -> list[dict]:
    return [
        typeset.heading(_("Activities"), id="activities"),
        typeset.paragraph(
            _("Share of activities done (cancelled ones left out)") + ": ",
            ("b", _percent(summary.done_share)),
            ".",
        ),
        typeset.table(
            [_("Final state"), _("Activities")],
            [[label, str(count)] for _code, label, count in summary.counts],
            caption=_("Activities by their final state"),
            numeric=[1],
            keep=True,
        ),
    ]


def _evaluation_indicators(summary) -> list[dict]:
    blocks = [
        typeset.heading(_("Indicators"), id="indicators", page_break=True),
        typeset.paragraph(
            _("Mean achievement of the indicators") + ": ",
            ("b", _percent(summary.indicator_achievement)),
            ".",
        ),
    ]
    if not summary.indicators:
        return blocks + [typeset.paragraph(_("The plan has no indicators."))]
    blocks.append(
        typeset.table(
            indicator_headers(final=True),
            [
                [
                    _indicator_name(r),
                    _kind(r),
                    _or_dash(format_number(r.baseline)),
                    _or_dash(format_number(r.to_date)),
                    _or_dash(format_number(r.target_final)),
                    _percent(r.achievement),
                ]
                for r in summary.indicators
            ],
            numeric=range(2, 6),
            widths=[34, 14],
            fixed=True,
            size="small",
        )
    )
    return blocks


def _evaluation_money(context: dict) -> list[dict]:
    summary = context["summary"]
    columns = [_("Funding source")]
    for year in summary.years:
        columns += [_("%(year)s planned") % {"year": year}, _("%(year)s real") % {"year": year}]
    columns.append(_("Execution"))
    return [
        typeset.heading(_("Costs by source and year"), id="money", page_break=True),
        typeset.table(
            columns,
            [
                [label]
                + [v for m in cells for v in (_money(m.planned), _money(m.actual))]
                + [_percent(total.execution)]
                for label, cells, total in summary.source_rows
            ],
            caption=_("Planned and real costs by funding source and year (CZK)"),
            numeric=range(1, len(columns)),
            widths=[16],
            fixed=True,
            size="small",
            total=[_("Total")]
            + [v for m in summary.year_totals for v in (_money(m.planned), _money(m.actual))]
            + [_percent(summary.total.execution)],
        ),
        typeset.table(
            [_("Year"), _("Planned"), _("Real"), _("Execution")],
            [
                [str(year), _money(m.planned), _money(m.actual), _percent(m.execution)]
                for year, m in context["year_rows"]
            ],
            caption=_("Execution by year (CZK)"),
            numeric=[1, 2, 3],
            keep=True,
        ),
        typeset.paragraph(
            _(
                "Planned: the budgets of the action plans (the plan's own where a year has "
                "none); real: the approved monitoring of each year."
            ),
            size="small",
        ),
    ]


def _evaluation_lessons(evaluation) -> list[dict]:
    blocks = [typeset.heading(_("Lessons learned"), id="lessons", page_break=True)]
    blocks += typeset.paragraphs(evaluation.lessons) or [typeset.paragraph("–")]
    if evaluation.recommendations:
        blocks.append(typeset.heading(_("Recommendations for the next plan"), level=2))
        blocks += typeset.paragraphs(evaluation.recommendations)
    return blocks


def _evaluation_unfinished(evaluation, summary) -> list[dict]:
    blocks = [typeset.heading(_("Unfinished activities"), id="unfinished", page_break=True)]
    if summary.unfinished:
        blocks.append(typeset.bullets(f"{a.code} {a.title}" for a in summary.unfinished))
    else:
        blocks.append(typeset.paragraph(_("None.")))
    if evaluation.next_plan_id:
        blocks.append(
            typeset.paragraph(
                _("The next plan was started: %(title)s.") % {"title": evaluation.next_plan.title}
            )
        )
    return blocks


def evaluation_document(context: dict) -> typeset.Document:
    """The evaluation's PDF as a document for Typst (``context`` of
    :func:`socplan.documents.monitoring.evaluation_context` with ``branding``)."""
    evaluation, summary = context["evaluation"], context["summary"]
    plan, process = context["plan"], context["process"]
    images = typeset.Images()
    colophon = [
        (_("Plan"), _plan_line(plan)),
        (_("Process"), process.name),
        (_("Status"), evaluation.get_status_display()),
    ]
    blocks = [typeset.outline(_("Contents"), depth=1)]
    blocks += _evaluation_activities(summary)
    blocks += _evaluation_indicators(summary)
    blocks += _evaluation_money(context)
    blocks += _evaluation_lessons(evaluation)
    blocks += _evaluation_unfinished(evaluation, summary)
    return _document(context, blocks, images, colophon)
