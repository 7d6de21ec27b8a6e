"""The public API of the processes (``/api/v1/``): the same permission rules as the pages.

On the demo (a published process whose plan is in force, consulted, approved and monitored)
with what the public must never read added to it: the draft of an amendment, a hidden and an
unconfirmed comment, a monitoring period not approved yet, an evaluation not completed; and
on the second tenant (an unpublished process with a draft plan). Every response of the API,
reached by following its own links, is searched for their marker texts."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from socplan.api import public_openapi, public_urls

pytestmark = pytest.mark.django_db

DEMO = "kpss-orp-humpolec"
MARKERS = {
    "amendment": "DRAFT-AMENDMENT-MARKER",
    "amendment_title": "DRAFT-TITLE-MARKER",
    "amendment_indicator": "DRAFT-INDICATOR-MARKER",
    "amendment_activity": "DRAFT-ACTIVITY-MARKER",
    "hidden_comment": "HIDDEN-COMMENT-MARKER",
    "hidden_reason": "HIDDEN-REASON-MARKER",
    "unconfirmed": "UNCONFIRMED-COMMENT-MARKER",
    "email": "secret.commenter@example.org",
    "period": "UNAPPROVED-PERIOD-MARKER",
    "evaluation": "UNCOMPLETED-EVALUATION-MARKER",
}
LIST_URLS = {
    "api:public_processes",
    "api:public_process_plans",
    "api:public_plan_rounds",
    "api:public_plan_monitoring",
    "api:public_round_comments",
}


def _plan():
    from socplan.planning.models import Plan

    return Plan.objects.get(process__slug=DEMO, kind=Plan.Kind.MEDIUM_TERM)


def crawl(client, start="/api/v1/") -> dict[str, tuple[int, str]]:
    """Every address of the API reachable from ``start`` by the links of its answers (lists
    with per_page=200): address -> (status, text)."""
    seen: dict[str, tuple[int, str]] = {}
    todo = [start]
    while todo:
        url = todo.pop()
        path = url.removeprefix("http://testserver")
        if path in seen or not path.startswith("/api/v1/") or path.endswith("openapi.json"):
            continue
        if path.endswith("/dokumentace/"):
            continue
        response = client.get(path + ("" if "?" in path else "?per_page=200"))
        text = response.content.decode()
        seen[path] = (response.status_code, text)
        if response.status_code == 200:
            todo.extend(_links(json.loads(text)))
    return seen


def _links(data) -> list[str]:
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str) and (key.endswith("_url") or key in {"api_url"}):
                found.append(value)
            elif key == "links" and isinstance(value, dict):
                found.extend(value.values())
            else:
                found.extend(_links(value))
    elif isinstance(data, list):
        for value in data:
            found.extend(_links(value))
    return found


@pytest.fixture
def hidden_things(shared_demo):
    """What the public must never read, added to the demo."""
    from socplan.consultation import services as consultation
    from socplan.consultation.models import Comment, Round
    from socplan.monitoring import services as monitoring
    from socplan.monitoring.models import Evaluation
    from socplan.planning import services as planning
    from socplan.planning.models import Activity, Indicator, Measure

    plan = _plan()
    # a monitoring period of 2021, submitted but not approved
    action_plan = planning.action_plan_create(actor=None, medium_term_plan=plan, year=2021)
    period = monitoring.period_create(actor=None, action_plan=action_plan)
    monitoring.period_update(actor=None, period=period, deadline=None, summary=MARKERS["period"])
    monitoring.period_submit(actor=None, period=period)
    # the evaluation stays "started"
    evaluation = Evaluation.objects.get(plan=plan)
    monitoring.evaluation_update(
        actor=None,
        evaluation=evaluation,
        lessons=MARKERS["evaluation"],
        recommendations=MARKERS["evaluation"],
        status=Evaluation.Status.STARTED,
    )
    # comments: one hidden by moderation, one never confirmed
    round_ = Round.objects.filter(plan=plan).first()
    today = timezone.localdate()
    hidden = Comment.objects.create(
        round=round_,
        number=900,
        part=Comment.Part.PLAN,
        text=MARKERS["hidden_comment"],
        author_name=MARKERS["hidden_comment"],
        email=MARKERS["email"],
        publish_name=True,
        received_on=today,
        confirmed_at=timezone.now(),
    )
    consultation.comment_hide(actor=None, comment=hidden, reason=MARKERS["hidden_reason"])
    Comment.objects.create(
        round=round_,
        part=Comment.Part.PLAN,
        text=MARKERS["unconfirmed"],
        email=MARKERS["email"],
        received_on=today,
    )
    # the amendment of the plan in force, being drafted
    planning.plan_amendment_start(actor=None, plan=plan, reason=MARKERS["amendment"])
    plan.refresh_from_db()
    planning.plan_update(actor=None, plan=plan, title=MARKERS["amendment_title"])
    measure = Measure.objects.filter(priority__plan=plan).order_by("pk").first()
    planning.measure_update(
        actor=None, measure=measure, title=MARKERS["amendment"], description=MARKERS["amendment"]
    )
    Indicator.objects.filter(measure__priority__plan=plan).update(
        name=MARKERS["amendment_indicator"]
    )
    Activity.objects.filter(measure__priority__plan=plan).update(
        title=MARKERS["amendment_activity"]
    )
    return {"plan": plan, "round": round_, "period": period, "measure": measure}


def assert_conform(pages: dict) -> None:
    """Every answer 200 of ``pages`` (from :func:`crawl`) has the body the OpenAPI document
    declares for its path (the fuzz run reaches few real objects: this checks them all)."""
    import jsonschema

    document = public_openapi.document(server_url="http://testserver/api/v1", docs_url="")
    paths = {name: path for name, path, *_rest in public_openapi.ENDPOINTS}
    for url, (status, text) in pages.items():
        if status != 200:
            continue
        operation = document["paths"][paths[_name(url)]]["get"]
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        root = {**schema, "components": document["components"]}
        jsonschema.Draft202012Validator(root).validate(json.loads(text))


def _all_text(pages: dict) -> str:
    return "\n".join(text for _status, text in pages.values())


def test_the_api_never_answers_what_the_public_may_not_read(hidden_things, client):
    pages = crawl(client)
    text = _all_text(pages)
    for name, marker in MARKERS.items():
        assert marker not in text, name
    assert_conform(pages)
    assert all(status in (200, 404) for status, _t in pages.values())
    plan = hidden_things["plan"]
    data = client.get(f"/api/v1/plany/{plan.pk}/").json()
    # the last approved version, as the plan page shows it
    assert data["amendment_in_preparation"] is True
    assert data["status"] == "in_force" and data["version"] == 1
    assert data["title"].startswith("Střednědobý plán")
    assert data["priorities"][0]["measures"][0]["title"] != MARKERS["amendment"]
    # the unapproved period and the unfinished evaluation do not exist for the public
    assert client.get(f"/api/v1/plany/{plan.pk}/monitoring/2021/").status_code == 404
    assert client.get(f"/api/v1/plany/{plan.pk}/hodnoceni/").status_code == 404
    periods = client.get(f"/api/v1/plany/{plan.pk}/monitoring/").json()
    assert [p["year"] for p in periods["contents"]] == [2019, 2020]
    # the amendment renamed every indicator: the public still reads them by the approved
    # names, with their values from the approved periods (matched by id, not by name)
    indicators = [i for p in data["priorities"] for m in p["measures"] for i in m["indicators"]]
    assert indicators and all(i["id"] for i in indicators)
    assert any(i["values"] for i in indicators)
    period = client.get(f"/api/v1/plany/{plan.pk}/monitoring/2019/").json()
    assert period["indicators"], "the approved period lists its indicators"
    approved_names = {i["name"] for i in indicators}
    assert {row["name"] for row in period["indicators"]} <= approved_names
    # the crawl reached every kind of address
    reached = {_name(path) for path, (status, _t) in pages.items() if status == 200}
    assert {
        "public_root",
        "public_processes",
        "public_process",
        "public_process_plans",
        "public_plan",
        "public_plan_rounds",
        "public_plan_approval",
        "public_plan_monitoring",
        "public_plan_period",
        "public_round",
        "public_round_comments",
    } <= reached


def _name(path: str) -> str:
    from django.urls import resolve

    return resolve(path.split("?")[0]).url_name


def test_the_public_reads_what_the_pages_show(shared_demo, client):
    """Without an amendment: the plan itself, its values from the approved periods, the
    public comments with their resolutions, the approval."""
    from socplan.consultation.models import Round
    from socplan.consultation.selectors import public_comments

    plan = _plan()
    data = client.get(f"/api/v1/plany/{plan.pk}/").json()
    assert data["amendment_in_preparation"] is False
    measure = data["priorities"][0]["measures"][0]
    indicator = measure["indicators"][0]
    assert [v["year"] for v in indicator["values"]] == [2019, 2020]
    assert indicator["targets"] and indicator["baseline"] is not None
    assert all(m["code"] for m in measure["municipalities"])
    assert data["finance"]["total"] > 0
    round_ = Round.objects.filter(plan=plan).first()
    comments = client.get(f"/api/v1/pripominkovani/{round_.pk}/pripominky/?per_page=200").json()
    assert comments["total_items"] == public_comments(round=round_).count() > 0
    assert any(c["resolution"] for c in comments["contents"])
    approval = client.get(f"/api/v1/plany/{plan.pk}/schvaleni/").json()
    assert approval["approval"]["resolution"]
    assert approval["council_decisions"]
    process = client.get(f"/api/v1/procesy/{DEMO}/").json()
    assert process["area"]["municipalities"][0]["code"]
    assert process["area"]["orp"]["code"]


def test_a_completed_evaluation_is_public(shared_demo, client):
    from socplan.monitoring import services
    from socplan.monitoring.models import Evaluation

    plan = _plan()
    evaluation = Evaluation.objects.get(plan=plan)
    services.evaluation_update(
        actor=None,
        evaluation=evaluation,
        lessons="Poučení.",
        recommendations="Doporučení.",
        status=Evaluation.Status.COMPLETED,
    )
    data = client.get(f"/api/v1/plany/{plan.pk}/hodnoceni/").json()
    assert data["status"] == "completed" and data["lessons"] == "Poučení."
    assert data["activities"] and data["indicators"]
    pages = crawl(client)  # the evaluation is linked from the plan, and conforms
    assert any(
        _name(url) == "public_plan_evaluation" and st == 200 for url, (st, _t) in pages.items()
    )
    assert_conform(pages)


def test_a_signed_in_coordinator_gets_only_the_public_data(hidden_things, client, client_for):
    from socplan.organisation.models import ProcessRole

    role = ProcessRole.objects.filter(process__slug=DEMO, role=ProcessRole.Role.COORDINATOR).first()
    assert role is not None
    anonymous = crawl(client)
    signed_in = crawl(client_for(role.user))
    assert signed_in == anonymous
    assert MARKERS["hidden_comment"] not in _all_text(signed_in)


def test_the_second_tenant_does_not_exist_for_the_api(client, client_for):
    """An unpublished process with a draft plan: every address of it answers the same 404
    as an address of nothing, also to its own coordinator; published, its draft plan is
    still not there."""
    from socplan.testing.tenants import add_later_objects, make_second_tenant

    tenant = make_second_tenant()
    add_later_objects(tenant)
    plan, round_ = tenant.plan, tenant.extra["round"]
    urls = [
        f"/api/v1/procesy/{tenant.process.slug}/",
        f"/api/v1/procesy/{tenant.process.slug}/plany/",
        f"/api/v1/plany/{plan.pk}/",
        f"/api/v1/plany/{plan.pk}/pripominkovani/",
        f"/api/v1/plany/{plan.pk}/schvaleni/",
        f"/api/v1/plany/{plan.pk}/monitoring/",
        f"/api/v1/plany/{plan.pk}/monitoring/{tenant.action_plan.year}/",
        f"/api/v1/plany/{plan.pk}/hodnoceni/",
        f"/api/v1/plany/{tenant.action_plan.pk}/",
        f"/api/v1/pripominkovani/{round_.pk}/",
        f"/api/v1/pripominkovani/{round_.pk}/pripominky/",
    ]
    missing = client.get("/api/v1/plany/999999/").content
    for who in (client, client_for(tenant.coordinator)):
        for url in urls:
            response = who.get(url)
            assert response.status_code == 404, url
            assert response.content == missing, url
        assert tenant.process.slug not in who.get("/api/v1/procesy/").content.decode()
    # published: the process is there, its draft plan and its round are not
    tenant.process.is_published = True
    tenant.process.save()
    pages = crawl(client)
    text = _all_text(pages)
    assert tenant.process.slug in text
    assert client.get(f"/api/v1/procesy/{tenant.process.slug}/plany/").json()["total_items"] == 0
    for url in urls[2:]:
        assert client.get(url).status_code == 404, url
    secrets = [
        plan.title,
        tenant.priority.title,
        tenant.measure.title,
        round_.title,
        tenant.extra["comment"].text,
        "tajny.obcan@example.org",
    ]
    for secret in secrets:
        assert secret not in text, secret


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/plany/abc/",
        "/api/v1/plany/0/",
        "/api/v1/plany/-1/",
        "/api/v1/plany/99999999999999999999/",
        "/api/v1/procesy/neni/",
        "/api/v1/procesy/" + "x" * 300 + "/",
        "/api/v1/pripominkovani/1e3/",
        "/api/v1/plany/1/monitoring/20190/",
        "/api/v1/plany/%D9%A1/",  # an Arabic-Indic digit one: not an id
    ],
)
def test_unknown_ids_answer_404_in_json(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "message": "No public object has this id."}


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=x",
        "per_page=0",
        "page=99999999999999999999",
        "region=abc",
        "municipality=1x",
        "region=%D9%A1",
    ],
)
def test_bad_parameters_answer_400_in_json(client, query):
    response = client.get("/api/v1/procesy/?" + query)
    assert response.status_code == 400
    assert response.json()["error"] == "bad_parameter"


def test_the_api_is_read_only(client):
    for url in ("/api/v1/", "/api/v1/procesy/", "/api/v1/plany/1/"):
        assert client.post(url).status_code == 405
        assert client.delete(url).status_code == 405


def test_the_processes_page_through_and_filter(client, process, area):
    from socplan import testing

    other = testing.make_process(area=area, slug="kpss-druhy")
    testing.make_process(area=area, published=False, slug="kpss-skryty")
    first = client.get("/api/v1/procesy/?per_page=1").json()
    second = client.get("/api/v1/procesy/?per_page=1&page=2").json()
    assert (first["total_items"], first["total_pages"], first["size"]) == (2, 2, 1)
    assert first["first_page"] and not first["last_page"] and second["last_page"]
    slugs = {first["contents"][0]["slug"], second["contents"][0]["slug"]}
    assert slugs == {process.slug, other.slug}
    beyond = client.get("/api/v1/procesy/?per_page=1&page=3").json()
    assert beyond["empty"] and beyond["contents"] == []
    municipality = area.municipalities.first()
    region = municipality.district.region
    by_code = client.get(f"/api/v1/procesy/?municipality={municipality.code}").json()
    assert by_code["total_items"] == 2
    assert client.get(f"/api/v1/procesy/?region={region.code}").json()["total_items"] == 2
    assert client.get("/api/v1/procesy/?municipality=1").json()["total_items"] == 0


def test_the_docs_page_lists_every_endpoint(client):
    response = client.get(reverse("api:public_docs"))
    assert response.status_code == 200
    text = response.content.decode()
    for _name, path, *_rest in public_openapi.ENDPOINTS:
        assert f"GET {path}" in text
    assert reverse("api:public_openapi") in text
    hsds = client.get(reverse("api:hsds_docs")).content.decode()
    assert reverse("api:public_docs") in hsds


def test_the_docs_page_speaks_czech(client, settings):
    settings.LANGUAGE_CODE = "cs"
    text = client.get(reverse("api:public_docs"), HTTP_ACCEPT_LANGUAGE="cs").content.decode()
    assert "Veřejné API procesů plánování" in text


def test_every_url_is_described_by_the_openapi_document():
    names = {p.name for p in public_urls.urlpatterns} - {"public_openapi", "public_docs"}
    described = {row[0]: row[1] for row in public_openapi.ENDPOINTS}
    assert names == set(described)
    kwargs = {"slug": "{slug}", "plan_pk": "{plan_id}", "pk": "{round_id}", "year": "{year}"}
    for name, path in described.items():
        pattern = next(p for p in public_urls.urlpatterns if p.name == name)
        keys = pattern.pattern.converters.keys()
        url = reverse(f"api:{name}", kwargs={k: kwargs[k] for k in keys})
        assert url.replace("%7B", "{").replace("%7D", "}") == "/api/v1" + path, name


def test_the_openapi_document_is_valid(client):
    import jsonschema
    from schemathesis.specs.openapi.definitions import OPENAPI_31

    document = client.get(reverse("api:public_openapi")).json()
    jsonschema.Draft202012Validator(OPENAPI_31).validate(document)
    assert document["openapi"] == "3.1.0"
    assert document["servers"][0]["url"] == "http://testserver/api/v1"
    # self-contained: every $ref points inside it
    text = json.dumps(document)
    for ref in {part.split('"')[0] for part in text.split('"$ref": "')[1:]}:
        node = document
        assert ref.startswith("#/"), ref
        for key in ref[2:].split("/"):
            node = node[key]
    # every operation declares its errors
    for path, item in document["paths"].items():
        responses = item["get"]["responses"]
        if "{" in path:
            assert "404" in responses, path
        if item["get"]["parameters"] and any(
            p["$ref"].endswith(("page", "region")) for p in item["get"]["parameters"]
        ):
            assert "400" in responses, path


def test_answers_are_utf8_json(shared_demo, client):
    response = client.get(f"/api/v1/procesy/{DEMO}/")
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"  # readable from any web page
    assert "Humpolec" in response.content.decode() and "\\u" not in response.content.decode()


def test_a_plan_in_consultation_is_public_with_its_own_text(shared_demo, client):
    """A plan in consultation (not under amendment) is read as it is."""
    from socplan.planning.models import Plan

    plan = _plan()
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.CONSULTATION)
    data = client.get(f"/api/v1/plany/{plan.pk}/").json()
    assert data["status"] == "consultation" and data["amendment_in_preparation"] is False
    action_plan = plan.action_plans.order_by("year").first()
    Plan.objects.filter(pk=action_plan.pk).update(status=Plan.Status.CONSULTATION)
    data = client.get(f"/api/v1/plany/{action_plan.pk}/").json()
    assert data["kind"] == "action" and data["medium_term_plan_id"] == plan.pk
    assert data["items"] and all(item["activity"] for item in data["items"])
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.DRAFT)
    assert client.get(f"/api/v1/plany/{plan.pk}/").status_code == 404
    # the public action plan of a draft medium-term plan does not give away its id
    data = client.get(f"/api/v1/plany/{action_plan.pk}/").json()
    assert data["medium_term_plan_id"] is None
    listed = client.get(f"/api/v1/procesy/{DEMO}/plany/").json()["contents"]
    assert [(p["id"], p["medium_term_plan_id"]) for p in listed] == [(action_plan.pk, None)]


def test_a_period_checks_its_date(shared_demo, client):
    plan = _plan()
    for year in ("2018", "2021", "abcd", "0"):
        assert client.get(f"/api/v1/plany/{plan.pk}/monitoring/{year}/").status_code == 404
    assert client.get(f"/api/v1/plany/{plan.pk}/monitoring/2020/").status_code == 200
    # the same number in other digits (int() takes them) is no id
    other_digits = "".join(chr(0x660 + int(d)) for d in str(plan.pk))
    assert client.get(f"/api/v1/plany/{other_digits}/").status_code == 404
