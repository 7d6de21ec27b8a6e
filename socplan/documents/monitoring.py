"""The yearly monitoring report of a plan (PDF and editable DOCX).

Both formats come from one context (:func:`report_context`, the numbers of
:func:`socplan.monitoring.selectors.period_state`): the title page with the approval and the
council's decision, the summary (progress of the plan, activities by state), the state of
every priority, measure and activity with its commentary, the indicators against their
targets with charts of actual against target (PDF), spending against the plan by funding
source, and what carries over to the next year. The PDFs (the report and the evaluation of
a plan) are typeset by Typst: :mod:`.monitoring_print` makes them documents of :mod:`.typeset`.

Served by :func:`socplan.documents.views.monitoring_report` (public once the period is
approved) and kept on disk per period, its last change, language and format.
"""

import io
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from socplan.core.charts import Svg, wrap_label
from socplan.monitoring import approved, rollup
from socplan.monitoring.models import MonitoringPeriod
from socplan.monitoring.selectors import LIGHT_LABELS, period_state
from socplan.planning.selectors import plan_approved_version

from . import typeset
from .branding import branding_for
from .charts import PALETTE
from .monitoring_print import (
    activity_headers,
    evaluation_document,
    indicator_headers,
    report_document,
)
from .monitoring_print import percent as _percent
from .typography import czech_nbsp, format_number
from .word import add_margins, add_table, add_toc, czech_typography, money, new_document

FORMATS = ("pdf", "docx")
LAYOUT = 3  # 3: the PDF typeset by Typst
ACTUAL_BLUE, TARGET_GREY = PALETTE[0], "#d0d0d0"


def _light(value) -> str:
    return str(LIGHT_LABELS.get(value, "–")) if value else "–"


def _indicator_charts(state, year: int) -> list:
    """One chart per measure with indicators (not one per indicator: a plan of 100
    indicators prints its report in a few seconds, benchmarks/monitoring_report.py)."""
    by_measure: dict[int, list] = {}
    for row in state.indicators:
        by_measure.setdefault(row.indicator.measure_id, []).append(row)
    charts = []
    for rows in by_measure.values():
        chart = measure_indicators_chart(rows, year=year)
        if chart is not None:
            charts.append(chart)
    return charts


def measure_indicators_chart(rows: list, *, year: int) -> Svg | None:
    """The indicators of one measure, each a bar of its own scale: the grey track is the
    target of the plan, the dark mark the target by ``year``, the blue bar the actual value
    to date; the numbers stand beside the bar. Drawn as plain SVG text with few elements
    (one text for the name's lines, one for the numbers). None when no indicator of the
    measure has a value."""
    if not rows or all(r.to_date is None for r in rows):
        return None
    measure = rows[0].indicator.measure
    width, font, track_width, text_x = 640, 10, 330, 340
    line = font * 1.3
    parts, described = [], []
    y = 0.0
    for r in rows:
        indicator = r.indicator
        unit = f" {indicator.unit}" if indicator.unit else ""
        year_target = rollup.target_to_date(indicator.targets, year, r.aggregation)
        numbers = [float(v) for v in (r.to_date, year_target, r.target_final) if v is not None]
        top = max(numbers) if numbers else 0.0
        lines = wrap_label(indicator.name, width=width, font_size=font)
        spans = "".join(
            f'<tspan x="0" dy="{line if i else font:.1f}">{escape(text)}</tspan>'
            for i, text in enumerate(lines)
        )
        parts.append(f'<text y="{y:.1f}" font-weight="bold">{spans}</text>')
        y += font + line * (len(lines) - 1) + 4
        bar_y = y

        def x_of(value, top=top):
            return track_width * max(float(value), 0.0) / top if top > 0 else 0.0

        if r.target_final is not None and top > 0:
            parts.append(
                f'<rect y="{bar_y:.1f}" width="{x_of(r.target_final):.1f}" height="10" '
                f'fill="{TARGET_GREY}"/>'
            )
        if r.to_date is not None and top > 0:
            parts.append(
                f'<rect y="{bar_y + 2:.1f}" width="{x_of(r.to_date):.1f}" height="6" '
                f'fill="{ACTUAL_BLUE}"/>'
            )
        if year_target is not None and top > 0:
            parts.append(
                f'<rect x="{max(x_of(year_target) - 1, 0):.1f}" y="{bar_y - 2:.1f}" '
                f'width="2" height="14" fill="#111"/>'
            )
        values = _("actual %(actual)s, target %(year)s %(target)s, plan %(final)s") % {
            "actual": format_number(r.to_date) or "–",
            "year": year,
            "target": format_number(year_target) or "–",
            "final": format_number(r.target_final) or "–",
        }
        parts.append(f'<text x="{text_x}" y="{bar_y + 9:.1f}">{escape(values + unit)}</text>')
        described.append(f"{indicator.name}: {values}{unit}")
        y = bar_y + 10 + line
    title = _("Measure %(code)s: %(title)s") % {"code": measure.code, "title": measure.title}
    description = "; ".join(described)
    height = max(y - line + 4, 20)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height:.0f}" '
        f'width="{width}" height="{height:.0f}" role="img" '
        f'font-family="DejaVu Sans, sans-serif" font-size="{font}" fill="#111">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
        + "".join(parts)
        + "</svg>"
    )
    return Svg(title=title, description=f"{title}. {description}.", svg=svg)


def report_context(period: MonitoringPeriod, *, charts: bool = True) -> dict:
    state = period_state(period=period, with_evidence=True)
    plan = period.plan
    process = plan.process
    # a plan whose amendment is being drafted: the names of its approved version
    approved.show_as_approved(approved.public_names(plan), plan=plan, states=[state])
    return {
        "period": period,
        "council_line": _council_line(period),
        "status_line": _status_line(period),
        "plan": plan,
        "process": process,
        "state": state,
        "title": _("Monitoring report %(year)s") % {"year": period.year},
        "subtitle": plan.title,
        "page_size": "A4",
        "indicator_charts": _indicator_charts(state, period.year) if charts else [],
        "generated_on": timezone.localdate(),
        "light_label": _light(state.light),
    }


def report_pdf(*, period: MonitoringPeriod, language: str | None = None) -> bytes:
    """The report's PDF (typeset by Typst, see :mod:`.monitoring_print`)."""
    with override(language or settings.LANGUAGE_CODE):
        context = report_context(period)
        context["branding"] = branding_for(context["process"])
        document = report_document(context)
    return typeset.typeset_pdf(document)


def report_docx(*, period: MonitoringPeriod, language: str | None = None) -> bytes:
    """The same report as editable DOCX (without the charts; their numbers are in the
    tables)."""
    with override(language or settings.LANGUAGE_CODE):
        context = report_context(period, charts=False)
        state, plan = context["state"], context["plan"]
        t = czech_nbsp
        document = new_document(title=f"{context['title']} – {plan.title}")
        document.add_heading(t(context["title"]), level=0)
        document.add_paragraph(t(plan.title), style="Subtitle")
        document.add_paragraph(t(plan.process.name))
        if period.is_demo or plan.is_demo:
            document.add_paragraph(_("Demo data: made up for trying socplan out."))
        document.add_paragraph(_status_line(period))
        if context["council_line"]:
            document.add_paragraph(context["council_line"])
        add_toc(
            document,
            heading=_("Contents"),
            placeholder=_(
                "The table of contents is filled in when the document is opened in a word "
                "processor."
            ),
        )
        document.add_heading(_("Summary"), level=1)
        if period.summary:
            for paragraph in period.summary.splitlines():
                if paragraph.strip():
                    document.add_paragraph(t(paragraph))
        document.add_paragraph(
            _("Progress of the plan in the year: %(progress)s (%(light)s).")
            % {"progress": _percent(state.progress), "light": context["light_label"]}
        )
        document.add_paragraph(
            _("Share of activities done: %(share)s.") % {"share": _percent(state.done_share)}
        )
        add_table(
            document,
            [_("State"), _("Activities")],
            [[label, str(count)] for _code, label, count in state.counts],
            numeric_from=1,
        )
        document.add_heading(_("State of the priorities, measures and activities"), level=1)
        for p in state.priorities:
            document.add_heading(
                t(
                    _("Priority %(code)s: %(title)s")
                    % {"code": p.priority.code, "title": p.priority.title}
                    + f" – {_percent(p.progress)}, {_light(p.light)}"
                ),
                level=2,
            )
            for m in p.measures:
                document.add_heading(
                    t(
                        _("Measure %(code)s: %(title)s")
                        % {"code": m.measure.code, "title": m.measure.title}
                        + f" – {_percent(m.progress)}, {_light(m.light)}"
                    ),
                    level=3,
                )
                if m.override:
                    document.add_paragraph(
                        t(_("Light set by hand: %(reason)s") % {"reason": m.override.reason})
                    )
                if m.activities:
                    add_table(
                        document,
                        activity_headers(),
                        [
                            [
                                t(f"{a.activity.code} {a.activity.title}"),
                                a.state,
                                _percent(a.progress),
                                money(a.planned_total),
                                money(a.actual_total),
                                t(a.commentary),
                            ]
                            for a in m.activities
                        ],
                        numeric_from=None,
                    )
        document.add_heading(_("Indicators"), level=1)
        if state.indicators:
            add_table(
                document,
                indicator_headers(final=False),
                [
                    [
                        t(f"{r.indicator.measure.code} {r.indicator.name}"),
                        _("cumulative") if r.aggregation == "cumulative" else _("level"),
                        format_number(r.baseline),
                        format_number(r.value.value) if r.value else "–",
                        format_number(r.to_date),
                        format_number(r.target_final),
                        _percent(r.achievement),
                    ]
                    for r in state.indicators
                ],
                numeric_from=2,
            )
        document.add_heading(_("Spending against the plan"), level=1)
        total = state.cost_total
        add_table(
            document,
            [_("Funding source"), _("Planned"), _("Real"), _("Difference"), _("Execution")],
            [
                [
                    label,
                    money(m.planned),
                    money(m.actual),
                    money(m.difference),
                    _percent(m.execution),
                ]
                for label, m in state.cost_rows
            ],
            footer=[
                _("Total"),
                money(total.planned),
                money(total.actual),
                money(total.difference),
                _percent(total.execution),
            ],
            numeric_from=1,
        )
        document.add_heading(_("What carries over"), level=1)
        if state.carry_over:
            for a in state.carry_over:
                document.add_paragraph(
                    t(f"{a.activity.code} {a.activity.title} ({a.state})"), style="List Bullet"
                )
        else:
            document.add_paragraph(_("Nothing: every activity is done or cancelled."))
        add_margins(document, title=context["title"], branding=branding_for(plan.process))
        czech_typography(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _status_line(period: MonitoringPeriod) -> str:
    if period.is_locked and period.approved_at:
        return _("Approved by the steering group on %(date)s.") % {
            "date": date_format(timezone.localtime(period.approved_at).date(), "SHORT_DATE_FORMAT")
        }
    return _("Status: %(status)s (not approved yet).") % {"status": period.get_status_display()}


def _council_line(period: MonitoringPeriod) -> str:
    """What the council decided on the report, in one sentence ("" before it decided)."""
    decision = period.council_note
    if decision is None or not decision.decided_on:
        return ""
    values = {
        "body": decision.body_name or _("The council"),
        "date": date_format(decision.decided_on, "SHORT_DATE_FORMAT"),
        "resolution": decision.resolution_number,
    }
    if decision.decision == decision.Decision.TOOK_NOTE:
        return _("%(body)s took note of the report on %(date)s by resolution %(resolution)s.") % (
            values
        )
    return _(
        "%(body)s decided on the report on %(date)s (%(decision)s) by resolution %(resolution)s."
    ) % {**values, "decision": decision.get_decision_display()}


def file_name(period: MonitoringPeriod, format: str) -> str:
    return f"monitoring-{period.year}-{slugify(period.plan.title)[:60] or 'plan'}.{format}"


def report_cached(*, period: MonitoringPeriod, format: str, language: str | None = None):
    """The report as it is now, made on the first request and kept in the data dir per
    period, its last change, language and LAYOUT. Returns (path, download name)."""
    if format not in FORMATS:
        raise ValueError(format)
    language = language or get_language() or settings.LANGUAGE_CODE
    directory = Path(settings.DATA_DIR) / "monitoring-reports"
    prefix = f"period-{period.pk}-"
    stamp = int(period.updated_at.timestamp() * 1000)
    # while an amendment is drafted the report names the approved version's items
    shown = plan_approved_version(plan=period.plan)
    if shown is not None:
        stamp = f"{stamp}a{shown.pk}"
    path = directory / f"{prefix}{stamp}-l{LAYOUT}-{language}.{format}"
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        render = report_pdf if format == "pdf" else report_docx
        content = render(period=period, language=language)
        with tempfile.NamedTemporaryFile(dir=directory, delete=False, suffix=".part") as tmp:
            tmp.write(content)
        os.replace(tmp.name, path)
        for old in directory.glob(f"{prefix}*-{language}.{format}"):
            if old != path:
                old.unlink(missing_ok=True)
    return path, file_name(period, format)


# --- the evaluation at the end of the plan ---------------------------------------------------


def evaluation_context(evaluation) -> dict:
    """What the evaluation document says (the numbers of
    :func:`socplan.monitoring.selectors.evaluation_summary`): the share of activities done
    and their final states, the achievement of the indicators, the planned and real costs
    by funding source and year, the lessons and recommendations, and what is unfinished."""
    from socplan.monitoring.selectors import evaluation_summary

    plan = evaluation.plan
    summary = evaluation_summary(plan=plan)
    approved.show_as_approved(approved.public_names(plan), plan=plan, summary=summary)
    return {
        "evaluation": evaluation,
        "plan": plan,
        "process": plan.process,
        "summary": summary,
        "year_rows": [(year, summary.by_year(year)) for year in summary.years],
        "title": _("Evaluation of the plan"),
        "subtitle": f"{plan.title} ({plan.years_label})",
        "page_size": "A4",
        "generated_on": timezone.localdate(),
    }


def evaluation_pdf(*, evaluation, language: str | None = None) -> bytes:
    """The evaluation's PDF (typeset by Typst, see :mod:`.monitoring_print`)."""
    with override(language or settings.LANGUAGE_CODE):
        context = evaluation_context(evaluation)
        context["branding"] = branding_for(context["process"])
        document = evaluation_document(context)
    return typeset.typeset_pdf(document)


def evaluation_docx(*, evaluation, language: str | None = None) -> bytes:
    """The same evaluation as editable DOCX."""
    with override(language or settings.LANGUAGE_CODE):
        context = evaluation_context(evaluation)
        summary, plan = context["summary"], context["plan"]
        t = czech_nbsp
        document = new_document(title=f"{context['title']} – {plan.title}")
        document.add_heading(t(context["title"]), level=0)
        document.add_paragraph(t(context["subtitle"]), style="Subtitle")
        document.add_paragraph(t(plan.process.name))
        if evaluation.is_demo or plan.is_demo:
            document.add_paragraph(_("Demo data: made up for trying socplan out."))
        document.add_paragraph(
            _("Status of the evaluation: %(status)s.") % {"status": evaluation.get_status_display()}
        )
        document.add_heading(_("Activities"), level=1)
        document.add_paragraph(
            _("Share of activities done (cancelled ones left out): %(share)s.")
            % {"share": _percent(summary.done_share)}
        )
        add_table(
            document,
            [_("Final state"), _("Activities")],
            [[label, str(count)] for _code, label, count in summary.counts],
            numeric_from=1,
        )
        document.add_heading(_("Indicators"), level=1)
        document.add_paragraph(
            _("Mean achievement of the indicators: %(share)s.")
            % {"share": _percent(summary.indicator_achievement)}
        )
        if summary.indicators:
            add_table(
                document,
                indicator_headers(final=True),
                [
                    [
                        t(f"{r.indicator.measure.code} {r.indicator.name}")
                        + (f" ({r.indicator.unit})" if r.indicator.unit else ""),
                        _("cumulative") if r.aggregation == "cumulative" else _("level"),
                        format_number(r.baseline) or "–",
                        format_number(r.to_date) or "–",
                        format_number(r.target_final) or "–",
                        _percent(r.achievement),
                    ]
                    for r in summary.indicators
                ],
                numeric_from=2,
            )
        else:
            document.add_paragraph(_("The plan has no indicators."))
        document.add_heading(_("Costs by source and year"), level=1)
        header = [_("Funding source")]
        for year in summary.years:
            header += [
                _("%(year)s planned") % {"year": year},
                _("%(year)s real") % {"year": year},
            ]
        header.append(_("Execution"))
        add_table(
            document,
            header,
            [
                [label]
                + [v for m in cells for v in (money(m.planned), money(m.actual))]
                + [_percent(total.execution)]
                for label, cells, total in summary.source_rows
            ],
            footer=[_("Total")]
            + [v for m in summary.year_totals for v in (money(m.planned), money(m.actual))]
            + [_percent(summary.total.execution)],
            numeric_from=1,
        )
        add_table(
            document,
            [_("Year"), _("Planned"), _("Real"), _("Execution")],
            [
                [str(year), money(m.planned), money(m.actual), _percent(m.execution)]
                for year, m in context["year_rows"]
            ],
            numeric_from=1,
        )
        document.add_heading(_("Lessons learned"), level=1)
        _paragraphs(document, evaluation.lessons)
        if evaluation.recommendations:
            document.add_heading(_("Recommendations for the next plan"), level=1)
            _paragraphs(document, evaluation.recommendations)
        document.add_heading(_("Unfinished activities"), level=1)
        if summary.unfinished:
            for activity in summary.unfinished:
                document.add_paragraph(t(f"{activity.code} {activity.title}"), style="List Bullet")
        else:
            document.add_paragraph(_("None."))
        if evaluation.next_plan_id:
            document.add_paragraph(
                t(
                    _("The next plan was started: %(title)s.")
                    % {"title": evaluation.next_plan.title}
                )
            )
        add_margins(document, title=context["title"], branding=branding_for(plan.process))
        czech_typography(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _paragraphs(document, text: str) -> None:
    lines = [line for line in (text or "").splitlines() if line.strip()]
    for line in lines or ["–"]:
        document.add_paragraph(czech_nbsp(line))


def evaluation_file_name(evaluation, format: str) -> str:
    return f"vyhodnoceni-{slugify(evaluation.plan.title)[:60] or 'plan'}.{format}"


def load_demo_report(report) -> None:
    """The demo's monitoring report of 2019 as a document of the process's library."""
    from socplan.library import services as library_services
    from socplan.library.models import Document
    from socplan.monitoring.demo import PROCESS_SLUG, REPORT_TITLE

    period = (
        MonitoringPeriod.objects.filter(
            is_demo=True,
            action_plan__process__slug=PROCESS_SLUG,
            action_plan__year=2019,
            status=MonitoringPeriod.Status.APPROVED,
        )
        .select_related("action_plan__process")
        .first()
    )
    if period is None:
        return
    process = period.action_plan.process
    if Document.objects.filter(process=process, title=REPORT_TITLE).exists():
        return
    pdf = report_pdf(period=period, language="cs")
    library_services.document_create(
        process=process,
        actor=None,
        title=REPORT_TITLE,
        category=Document.Category.PLAN,
        issued_on=getattr(period.council_note, "decided_on", None) or timezone.localdate(),
        is_public=True,
        file=ContentFile(pdf, name="monitorovaci-zprava-2019.pdf"),
        is_demo=True,
    )
    report.add("monitoring report document")
