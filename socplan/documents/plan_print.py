"""The plan's PDF: the context of :func:`socplan.documents.plan.plan_context` as a document
for Typst (:mod:`.typeset`).

The same content as the DOCX (:func:`socplan.documents.plan._plan_docx`), laid out for
print: the title page (the process's logo, status and version, who prepared and who approved
the plan, the publicity notice), the contents, the free-text chapters, the process and its
groups, the territory, the analyses, priorities and measures as cards, the indicators with
their charts, the money (each table whole on a landscape page, its total once), the
abbreviations and the annexes (the services of the area, the resolution of comments).
"""

from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from socplan.core.numbers import format_number

from . import consultation as consultation_documents
from . import typeset
from .plan_analysis import analysis_blocks, measure_evidence_text


def _money(value) -> str:
    return format_number(value, 0)


def _title_page(context: dict, images: typeset.Images) -> dict:
    plan, colophon, branding = context["plan"], context["colophon"], context["branding"]
    prepared = colophon["prepared_by"]
    if colophon["groups"]:
        prepared += "\n" + _("in cooperation with: %(groups)s") % {
            "groups": ", ".join(colophon["groups"])
        }
    rows = [(_("Prepared by"), prepared)]
    if colophon["contact"]:
        rows.append((_("Contact"), colophon["contact"]))
    if colophon["approved_on"]:
        approval = _("Approved on %(date)s by resolution %(resolution)s") % {
            "date": date_format(colophon["approved_on"], "SHORT_DATE_FORMAT"),
            "resolution": colophon["approval_resolution"],
        }
    else:
        approval = _("Not approved yet.")
    rows.append((_("Approval"), approval))
    if colophon["decisions"]:
        rows.append((_("Councils"), colophon["decisions"]))
    demo = []
    if plan.is_demo or plan.process.is_demo:
        demo.append(_("Demo data: made up for trying socplan out."))
    status = _("Status: %(status)s, version %(version)s") % {
        "status": plan.get_status_display(),
        "version": plan.version,
    }
    return typeset.title_page(branding, images, lines=[status], colophon=rows, demo=demo)


def _chapters(context: dict) -> list[dict]:
    blocks = []
    for index, (anchor, title, text) in enumerate(context["chapters"]):
        blocks.append(typeset.heading(title, id=anchor, page_break=index == 0))
        blocks += typeset.paragraphs(text)
    return blocks


def _activities(context: dict) -> list[dict]:
    """An action plan: its activities by priority, with their budgets."""
    blocks = [typeset.heading(_("Activities"), id="activities")]
    for group in context["groups"]:
        priority = group["priority"]
        blocks.append(
            typeset.heading(
                _("Priority %(code)s: %(title)s")
                % {"code": priority.code, "title": priority.title},
                level=2,
            )
        )
        labels = [label for label, _amount in group["items"][0].budget]
        rows = []
        for item in group["items"]:
            name = f"{item.code} {item.title}"
            if item.is_measure:
                name = f"{_('Measure')} {name} ({_('costs of the measure itself')})"
            if item.carried_over_from_id:
                name += f" ({_('carried over')})"
            rows.append(
                [
                    name,
                    item.expected_outputs,
                    item.responsible_label,
                    *[_money(amount) for _label, amount in item.budget],
                    _money(item.budget_total),
                ]
            )
        blocks.append(
            typeset.table(
                [_("Activity"), _("Expected outputs"), _("Responsible"), *labels, _("Total")],
                rows,
                numeric=range(3, 4 + len(labels)),
                widths=[24],
                size="small",
            )
        )
    return [typeset.landscape(blocks)]


def _structure(context: dict) -> list[dict]:
    process = context["process"]
    blocks = [
        typeset.heading(_("The planning process and its groups"), id="structure", page_break=True)
    ]
    if process.purpose:
        blocks += typeset.paragraphs(process.purpose)
    blocks.append(
        typeset.paragraph(
            _("Realizer: %(realizer)s; period of the plan: %(period)s.")
            % {"realizer": process.realizer, "period": process.period_label}
        )
    )
    for row in context["structure"]:
        blocks.append(typeset.heading(row["group"].name, level=2, outlined=False))
        if row["group"].description:
            blocks += typeset.paragraphs(row["group"].description)
        if row["members"]:
            blocks.append(
                typeset.bullets(
                    f"{m['name']}{', ' + m['organisation'] if m['organisation'] else ''}"
                    f" ({m['role']}, {m['side']})"
                    for m in row["members"]
                )
            )
        if row["unnamed"]:
            blocks.append(
                typeset.paragraph(
                    _("Other members (not named without their consent): %(number)s")
                    % {"number": row["unnamed"]},
                    tone="muted",
                )
            )
    return blocks


def _territory(context: dict) -> list[dict]:
    population, area = context["population"], context["area"]
    count = population.municipality_count
    text = (
        _("%(name)s: %(counter)s municipality.")
        if count == 1
        else _("%(name)s: %(counter)s municipalities.")
    ) % {"name": area.name, "counter": count}
    if population.total:
        text += " " + _("Population %(total)s (%(year)s).") % {
            "total": format_number(population.total),
            "year": population.year,
        }
    return [
        typeset.heading(_("The territory"), id="territory", page_break=True),
        typeset.paragraph(text),
        typeset.table(
            [_("Municipality"), _("Population"), _("Aged 0–14"), _("Aged 65 and over")],
            [
                [
                    m.name,
                    format_number(m.total) or "–",
                    format_number(m.age_0_14),
                    format_number(m.age_65_plus),
                ]
                for m in context["municipalities"]
            ],
            caption=_("Municipalities and their population"),
            numeric=[1, 2, 3],
        ),
    ]


def _measure(measure) -> dict:
    facts = [(_("Type"), measure.get_kind_display())]
    target_groups = measure.target_groups.all()
    if target_groups:
        facts.append((_("Target groups"), ", ".join(map(str, target_groups))))
    municipalities = measure.municipalities.all()
    facts.append(
        (
            _("Municipalities"),
            ", ".join(map(str, municipalities)) if municipalities else _("the whole area"),
        )
    )
    if measure.years_label:
        facts.append((_("Years"), measure.years_label))
    if measure.responsible_label:
        facts.append((_("Responsible"), measure.responsible_label))
    if measure.partner_list:
        facts.append((_("Partners"), ", ".join(measure.partner_list)))
    blocks = [typeset.facts(facts), *typeset.paragraphs(measure.description)]
    if measure.justification:
        blocks.append(
            typeset.paragraph(("b", _("Justification") + ": "), measure.justification, size="small")
        )
    evidence = measure_evidence_text(measure)
    if evidence:
        blocks.append(typeset.paragraph(("b", _("Evidence") + ": "), evidence, size="small"))
    activities = measure.activities.all()
    if activities:
        blocks.append(typeset.paragraph(("b", _("Activities") + ":"), size="small"))
        blocks.append(
            typeset.bullets(
                (f"{a.code} {a.title}" + (f" ({a.years_label})" if a.years_label else ""))
                for a in activities
            ),
        )
    services = measure.services.all()
    if services:
        blocks.append(
            typeset.paragraph(
                ("b", _("Services it concerns") + ": "), ", ".join(map(str, services)), size="small"
            )
        )
    title = _("Measure %(code)s: %(title)s") % {"code": measure.code, "title": measure.title}
    return typeset.card(title, blocks)


def _priorities(context: dict) -> list[dict]:
    blocks = [typeset.heading(_("Priorities and measures"), id="priorities", page_break=True)]
    for priority in context["priorities"]:
        blocks.append(
            typeset.heading(
                _("Priority %(code)s: %(title)s")
                % {"code": priority.code, "title": priority.title},
                level=2,
                id=f"priority-{priority.code}",
            )
        )
        blocks += typeset.paragraphs(priority.description)
        blocks += [_measure(measure) for measure in priority.measures.all()]
    return blocks


def _indicators(context: dict, images: typeset.Images) -> list[dict]:
    plan = context["plan"]
    rows = [
        [
            measure.code,
            indicator.name,
            indicator.unit,
            format_number(indicator.baseline),
            *[format_number((indicator.targets or {}).get(str(year), "")) for year in plan.years],
        ]
        for priority in context["priorities"]
        for measure in priority.measures.all()
        for indicator in measure.indicators.all()
    ]
    blocks = [
        typeset.heading(_("Indicators"), id="indicators", page_break=True),
        typeset.table(
            [_("Measure"), _("Indicator"), _("Unit"), _("Baseline"), *map(str, plan.years)],
            rows,
            numeric=range(3, 4 + len(plan.years)),
            size="small",
            widths=[10, 30],
        ),
    ]
    if context["indicator_charts"]:
        blocks.append(typeset.heading(_("Indicators as charts"), level=2, outlined=False))
        blocks.append(
            typeset.figures([typeset.chart_figure(images, c) for c in context["indicator_charts"]])
        )
    return blocks


def _budget(context: dict, images: typeset.Images) -> dict:
    blocks = [typeset.heading(_("Budget"), id="budget")]
    for index, table in enumerate(context["tables"]):
        blocks.append(
            typeset.table(
                [table.row_header, *table.columns, _("Total")],
                [
                    [label, *map(_money, values), _money(total)]
                    for label, values, total in table.rows
                ],
                caption=table.caption,
                numeric=range(1, len(table.columns) + 2),
                row_headers=True,
                total=[
                    table.total_label or _("Total"),
                    *map(_money, table.totals),
                    _money(table.total),
                ],
                size="small",
                widths=[24],
                # each table with its caption and note on one page (a reader never sees a
                # part of it with a total under it), unless it is longer than a page
                keep=len(table.rows) <= 20,
                note=table.note or "",
            )
        )
        chart = context["costs_chart"]
        if index == 0 and chart:
            caption = _("Chart: %(title)s") % {"title": chart.title}
            blocks.append(typeset.chart_figure(images, chart, caption=caption))
    return typeset.landscape(blocks)


def _annexes(context: dict) -> list[dict]:
    blocks = []
    if not context["plan"].is_action_plan:
        blocks += [
            typeset.heading(_("Abbreviations"), id="abbreviations", page_break=True),
            typeset.table(
                [_("Abbreviation"), _("Meaning")],
                [[short, long] for short, long in context["abbreviations"]],
                row_headers=True,
                widths=[20],
            ),
            typeset.heading(_("Annex: social services of the area"), id="annex", page_break=True),
            typeset.table(
                [_("Service"), _("Provider"), _("Kind")],
                [
                    [s.name, s.provider.name, s.kind.label if s.kind_id else ""]
                    for s in context["services"]
                ]
                or [[_("No services in the catalogue."), "", ""]],
                size="small",
                widths=[40, 35],
            ),
        ]
    if context["resolution_tables"]:
        annex = [typeset.heading(_("Annex: resolution of comments"), id="annex-comments")]
        for round_, rows in context["resolution_tables"]:
            annex.append(typeset.heading(round_.title, level=2, outlined=False))
            annex.append(typeset.paragraph(round_.dates_label, size="small"))
            annex.append(consultation_documents.table_block(rows))
        blocks.append(typeset.landscape(annex))
    return blocks


def plan_document(context: dict) -> typeset.Document:
    """The plan's PDF as a document for Typst."""
    plan = context["plan"]
    images = typeset.Images()
    blocks = [typeset.outline(_("Contents"))]
    blocks += _chapters(context)
    if plan.is_action_plan:
        blocks += _activities(context)
    else:
        blocks += _structure(context)
        blocks += _territory(context)
        blocks += analysis_blocks(context, images)
        blocks += _priorities(context)
        blocks += _indicators(context, images)
    blocks.append(_budget(context, images))
    blocks += _annexes(context)
    return typeset.Document(
        title=plan.title,
        subtitle=context["subtitle"],
        author=context["process"].realizer,
        lang=(get_language() or "cs")[:2],
        blocks=blocks,
        title_page=_title_page(context, images),
        images=images,
    )
