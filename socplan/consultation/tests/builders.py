"""Builders for the consultation tests: a draft plan (planning's builder) opened for
comments, with comments entered through the services."""

import datetime

from socplan.consultation import services
from socplan.consultation.models import Comment, Round
from socplan.consultation.selectors import draft_parts
from socplan.planning.tests.builders import make_plan

OPENS = datetime.date(2018, 10, 1)
HEARING = datetime.date(2018, 10, 16)
CLOSES = datetime.date(2018, 10, 31)


def make_round(process, *, actor=None, plan=None, open_today=False, **extra) -> Round:
    plan = plan or make_plan(process, actor=actor)
    dates = {"opens_on": OPENS, "closes_on": CLOSES, "hearing_on": HEARING}
    if open_today:
        today = datetime.date.today()
        dates = {
            "opens_on": today - datetime.timedelta(days=14),
            "closes_on": today + datetime.timedelta(days=14),
            "hearing_on": today,
        }
    return services.round_open(
        actor=actor,
        plan=plan,
        title="Připomínkování návrhu plánu",
        hearing_place="Městský úřad",
        **{**dates, **extra},
    )


def part_value(round: Round, kind: str, key: str = "") -> str:
    for part in draft_parts(round=round):
        if part.kind == kind and (not key or part.key == key):
            return part.value
    raise LookupError((kind, key))


def enter(round: Round, text="Připomínka", *, kind="measure", key="1.1", actor=None, **extra):
    fields = {
        "channel": Comment.Channel.HEARING,
        "received_on": round.opens_on,
        "author_name": "Jana Veselá",
        "email": "jana@example.org",
        **extra,
    }
    return services.comment_enter(
        actor=actor, round=round, part=part_value(round, kind, key), text=text, **fields
    )
