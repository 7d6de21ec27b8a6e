"""Builders for the tests of the opinions on need: the small plan of the planning tests with
the test catalogue's home-care service on measure 1.1 and a finding, and opinions made
through the services."""

from socplan.analysis.models import Finding
from socplan.planning import services_opinions as services
from socplan.planning.models import Measure
from socplan.testing.catalogue import make_catalogue

from .builders import make_plan


def make_evidence(process, *, actor=None) -> dict:
    """The plan, its measures by code, the catalogue and a finding of ``process``."""
    plan = make_plan(process, actor=actor)
    catalogue = make_catalogue()
    measures = {m.code: m for m in Measure.objects.filter(priority__plan=plan)}
    measures["1.1"].services.add(catalogue.services["care"])
    finding = Finding.objects.create(
        process=process, number=1, statement="Senioři v malých obcích nemají pomoc doma"
    )
    return {"plan": plan, "measures": measures, "catalogue": catalogue, "finding": finding}


def make_opinion(process, evidence: dict, *, actor=None, send=False, **fields):
    """A "needed" opinion on the home-care service resting on measure 1.1 and the finding."""
    catalogue = evidence["catalogue"]
    values = {
        "request_kind": "capacity",
        "service": catalogue.services["care"],
        "year": 2020,
        "requested_capacity": 150,
        "recommended_capacity": 140,
        "capacity_unit": catalogue.items["clients"],
        "verdict": "needed",
        "reasons": "Plán počítá s rozšířením pečovatelské služby.",
        "request_reference": "KrVy 1/2019",
        "measures": [evidence["measures"]["1.1"]],
        "findings": [evidence["finding"]],
        **fields,
    }
    opinion = services.need_opinion_create(actor=actor, process=process, **values)
    if send:
        opinion = services.need_opinion_submit(actor=actor, opinion=opinion)
    return opinion
