"""The URL × persona matrix, generated from the URL configuration.

Every URL of ``socplan.urls`` is tried with GET and with POST (an empty form: what an
attacker sends) by every persona, its address filled with the objects of a SECOND TENANT
(:mod:`socplan.testing.tenants`): an unpublished process in another region with its own
coordinator, people, a draft plan, documents. The personas of the first tenant (its
coordinator, methodologist, member), region staff of the first tenant's region (another
region for the second tenant), the second tenant's region staff, a signed-in user with no
role, anonymous and site staff must each get exactly what :data:`EXPECTED` says.

Each request runs in a savepoint that is rolled back, so every persona meets the same data.

A URL without an expectation fails :func:`test_every_url_has_an_expectation`, which names
it. Adding one is one line in :data:`EXPECTED`: the URL name (or, for a URL without a name,
its route), who may GET it and who may POST to it, e.g.::

    "consultation:comment_list": Rule(TENANT_READ, TENANT_WRITE),

and, when its address holds a ``pk`` of a new kind of object, one line in :data:`PK_OF`
(and the object in the tenant builder).
"""

import copy
import secrets
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# --- personas ---------------------------------------------------------------------------------

# From no access to full access. "tenant_*": of the second tenant (the objects in the URLs);
# "region_staff" is staff of the FIRST tenant's region, "other_region_staff" of the second's.
MATRIX_PERSONAS = (
    "anonymous",
    "nobody",
    "member",
    "methodologist",
    "coordinator",
    "region_staff",
    "other_region_staff",
    "tenant_coordinator",
    "staff",
)
EVERYONE = frozenset(MATRIX_PERSONAS)
SIGNED_IN = EVERYONE - {"anonymous"}
NOBODY = frozenset()
STAFF = frozenset({"staff"})
# the second tenant's unpublished process: those with a part in it read, its coordinator and
# site staff write; the first tenant's people and the other region's staff get nothing
TENANT_READ = frozenset({"tenant_coordinator", "other_region_staff", "staff"})
TENANT_WRITE = frozenset({"tenant_coordinator", "staff"})
# every coordinator of a process (of either tenant)
COORDINATORS = frozenset({"coordinator", "tenant_coordinator", "staff"})


@dataclass(frozen=True)
class Rule:
    """Who gets through: ``get`` and ``post`` are sets of personas. Everybody else is refused
    (anonymous: sent to a login page, or 403/404/405; signed in: 403/404/405)."""

    get: frozenset
    post: frozenset
    query: str = ""  # added to the address (a parameter the view needs)
    data: tuple = ()  # the POST form, (name, value) pairs; "SERVICE": a service's id


def R(get, post=NOBODY, query="", data=()):  # noqa: N802  (reads as a table)
    return Rule(frozenset(get), frozenset(post), query, tuple(data))


# --- the expectations: one line per URL -------------------------------------------------------

EXPECTED: dict[str, Rule] = {
    # core
    "core:accessibility": R(EVERYONE, EVERYONE),
    "core:brand_css": R(EVERYONE, EVERYONE),
    "core:favicon": R(EVERYONE, EVERYONE),
    "core:job_detail": R(TENANT_WRITE, TENANT_WRITE),  # who started the job, site staff
    "core:job_file": R(TENANT_WRITE, TENANT_WRITE),
    # home
    "home:index": R(EVERYONE, EVERYONE),
    "home:dashboard": R(SIGNED_IN, SIGNED_IN),
    # accounts
    "accounts:account": R(SIGNED_IN, SIGNED_IN),
    "accounts:login": R(EVERYONE, EVERYONE),
    "accounts:logout": R(NOBODY, EVERYONE),
    "accounts:password_change": R(SIGNED_IN, SIGNED_IN),
    "accounts:password_change_done": R(SIGNED_IN),
    "accounts:password_reset": R(EVERYONE, EVERYONE),
    "accounts:password_reset_done": R(EVERYONE),
    "accounts:password_reset_confirm": R(EVERYONE, EVERYONE),  # "this link is not valid"
    "accounts:password_reset_complete": R(EVERYONE),
    "accounts:invite_site_user": R(STAFF, STAFF),
    "accounts:invitation_accept": R(NOBODY, NOBODY),  # a made-up token
    "accounts:invitation_resend": R(NOBODY, TENANT_WRITE),
    "accounts:invitation_cancel": R(NOBODY, TENANT_WRITE),
    # old addresses: a permanent redirect to the new one, whatever the slug (tells nothing)
    "/ucet/proces/<slug:slug>/lide/": R(EVERYONE, EVERYONE),
    # territory (the second tenant's area belongs to an unpublished process only)
    "territory:area_list": R(EVERYONE, EVERYONE),
    "territory:area_create": R(STAFF | {"tenant_coordinator"}, STAFF | {"tenant_coordinator"}),
    "territory:area_create_list": R(STAFF | {"tenant_coordinator"}, STAFF | {"tenant_coordinator"}),
    "territory:area_detail": R(TENANT_READ, TENANT_READ),
    "territory:area_edit": R(TENANT_WRITE, TENANT_WRITE),
    "territory:sub_area_create": R(TENANT_WRITE, TENANT_WRITE),
    "territory:sub_area_edit": R(TENANT_WRITE, TENANT_WRITE),
    "territory:sub_area_delete": R(TENANT_WRITE, TENANT_WRITE),
    # documents
    "documents:booklet_page": R(TENANT_READ, TENANT_WRITE),
    "documents:booklet_download": R(NOBODY),  # no booklet made yet
    "documents:plan_document": R(NOBODY, TENANT_READ),
    "documents:plan_document_download": R(NOBODY, NOBODY),  # a draft: only as a job
    "documents:minutes_pdf": R(TENANT_READ, TENANT_READ),
    "documents:meeting_attendance_sheet": R(TENANT_WRITE, TENANT_WRITE),  # personal data
    # organisation
    "organisation:process_create": R(
        STAFF | {"tenant_coordinator"}, STAFF | {"tenant_coordinator"}
    ),
    "organisation:my_tasks": R(SIGNED_IN, SIGNED_IN),
    "organisation:process_detail": R(TENANT_READ, TENANT_READ),
    "organisation:process_brand_css": R(TENANT_READ, TENANT_READ),
    "organisation:process_edit": R(TENANT_WRITE, TENANT_WRITE),
    "organisation:process_phases": R(TENANT_WRITE, TENANT_WRITE),
    "organisation:process_area_create": R(TENANT_WRITE, TENANT_WRITE),
    "organisation:process_people": R(TENANT_WRITE, TENANT_WRITE),
    "organisation:role_revoke": R(TENANT_WRITE, TENANT_WRITE),  # asks first
    "organisation:group_list": R(TENANT_READ, TENANT_READ),
    "organisation:group_create": R(TENANT_WRITE, TENANT_WRITE),
    "organisation:group_detail": R(TENANT_READ, TENANT_READ),
    "organisation:group_edit": R(TENANT_WRITE, TENANT_WRITE),
    "organisation:membership_add": R(TENANT_WRITE, TENANT_WRITE),
    "organisation:membership_edit": R(TENANT_WRITE, TENANT_WRITE),
    "organisation:person_list": R(TENANT_WRITE, TENANT_WRITE),
    "organisation:person_create": R(TENANT_WRITE, TENANT_WRITE),
    "organisation:person_edit": R(TENANT_WRITE, TENANT_WRITE),
    "organisation:person_anonymise": R(NOBODY, TENANT_WRITE),
    "organisation:attendance_stats": R(TENANT_READ, TENANT_READ),
    "organisation:meeting_list": R(TENANT_READ, TENANT_READ),
    "organisation:meeting_create": R(TENANT_WRITE, TENANT_WRITE),
    "organisation:meeting_detail": R(TENANT_READ, TENANT_READ),
    "organisation:meeting_edit": R(TENANT_WRITE, TENANT_WRITE),
    "organisation:meeting_invitations": R(TENANT_WRITE, TENANT_WRITE),
    "organisation:meeting_attendance": R(TENANT_WRITE, TENANT_WRITE),
    "organisation:meeting_ics": R(TENANT_READ, TENANT_READ),
    "organisation:meeting_reply": R(NOBODY, NOBODY),  # a made-up token
    "organisation:minutes_detail": R(TENANT_READ, TENANT_READ),
    "organisation:minutes_edit": R(TENANT_WRITE, TENANT_WRITE),
    "organisation:resolutions_edit": R(TENANT_WRITE, TENANT_WRITE),
    "organisation:minutes_approve": R(TENANT_WRITE, TENANT_WRITE),
    "organisation:minutes_action": R(NOBODY, TENANT_WRITE),
    "organisation:task_list": R(TENANT_READ, TENANT_READ),
    "organisation:task_create": R(TENANT_WRITE, TENANT_WRITE),
    "organisation:task_edit": R(TENANT_WRITE, TENANT_WRITE),
    "organisation:task_status": R(NOBODY, TENANT_WRITE),
    "organisation:task_delete": R(NOBODY, TENANT_WRITE),
    "organisation:person_tasks": R(TENANT_READ, TENANT_READ),
    "organisation:group_tasks": R(TENANT_READ, TENANT_READ),
    # library
    "library:document_list": R(TENANT_READ, TENANT_READ),
    "library:document_create": R(TENANT_WRITE, TENANT_WRITE),
    "library:document_detail": R(TENANT_READ, TENANT_READ),
    "library:document_edit": R(TENANT_WRITE, TENANT_WRITE),
    "library:document_version_add": R(TENANT_WRITE, TENANT_WRITE),
    "library:document_delete": R(TENANT_WRITE, TENANT_WRITE),
    "library:document_download": R(TENANT_READ, TENANT_READ),
    "library:document_version_download": R(TENANT_READ, TENANT_READ),
    "library:news_list": R(TENANT_READ, TENANT_READ),
    "library:news_feed": R(NOBODY, NOBODY),  # feeds of published processes only
    "library:news_create": R(TENANT_WRITE, TENANT_WRITE),
    "library:news_detail": R(TENANT_WRITE, TENANT_WRITE),  # not published yet: its editors
    "library:news_edit": R(TENANT_WRITE, TENANT_WRITE),
    "library:news_delete": R(NOBODY, TENANT_WRITE),
    "library:event_calendar": R(TENANT_READ, TENANT_READ),
    "library:event_ical": R(NOBODY, NOBODY),  # feeds of published processes only
    "library:event_create": R(TENANT_WRITE, TENANT_WRITE),
    "library:event_detail": R(TENANT_READ, TENANT_READ),
    "library:event_edit": R(TENANT_WRITE, TENANT_WRITE),
    "library:event_delete": R(NOBODY, TENANT_WRITE),
    "library:output_indicators": R(TENANT_READ, TENANT_READ),
    "library:output_indicators_xlsx": R(TENANT_READ, TENANT_READ),
    "/procesy/<slug:slug>/ukazatele/": R(EVERYONE, EVERYONE),  # old address: redirect
    "/procesy/<slug:slug>/ukazatele/xlsx/": R(EVERYONE, EVERYONE),
    # planning (a draft plan of the second tenant)
    "planning:plan_list": R(TENANT_READ, TENANT_READ),
    "planning:plan_create": R(TENANT_WRITE, TENANT_WRITE),
    "planning:plan_detail": R(TENANT_READ, TENANT_READ),
    "planning:plan_target_groups": R(TENANT_READ, TENANT_READ),
    "planning:plan_municipalities": R(TENANT_READ, TENANT_READ),
    "planning:plan_municipality": R(TENANT_READ, TENANT_READ),
    "planning:plan_finance": R(TENANT_READ, TENANT_READ),
    "planning:measure_detail": R(TENANT_READ, TENANT_READ),
    "planning:plan_edit": R(TENANT_WRITE, TENANT_WRITE),
    "planning:plan_editor": R(TENANT_READ, TENANT_READ),  # read-only for readers
    "planning:plan_status": R(TENANT_WRITE, TENANT_WRITE),
    "planning:plan_amend": R(TENANT_WRITE, TENANT_WRITE),
    "planning:plan_versions": R(TENANT_READ, TENANT_WRITE),  # POST keeps a version
    "planning:version_compare": R(TENANT_READ, TENANT_READ),
    # a draft of what one typed, kept per person (not the plan): whoever reads the plan
    "planning:draft_save": R(NOBODY, TENANT_READ, "?key=measure-1"),
    "planning:priority_create": R(TENANT_WRITE, TENANT_WRITE),
    "planning:priority_edit": R(TENANT_WRITE, TENANT_WRITE),
    "planning:priority_action": R(NOBODY, TENANT_WRITE),
    "planning:measure_create": R(TENANT_WRITE, TENANT_WRITE),
    "planning:measure_edit": R(TENANT_WRITE, TENANT_WRITE),
    "planning:measure_action": R(NOBODY, TENANT_WRITE),
    "planning:activity_create": R(TENANT_WRITE, TENANT_WRITE),
    "planning:activity_edit": R(TENANT_WRITE, TENANT_WRITE),
    "planning:activity_action": R(NOBODY, TENANT_WRITE),
    "planning:action_plan_create": R(TENANT_WRITE, TENANT_WRITE),
    "planning:action_item_edit": R(TENANT_WRITE, TENANT_WRITE),
    "planning:action_plan_carry_over": R(NOBODY, TENANT_WRITE),
    "planning:action_measure_costs": R(TENANT_WRITE, TENANT_WRITE),
    # opinions on need (the tenant's opinion is sent): the process's coordinator writes, its
    # region's staff read sent ones, nobody else; GET-only pages refuse POST (405)
    "planning:need_opinion_list": R(TENANT_READ),
    "planning:need_opinion_create": R(TENANT_WRITE, TENANT_WRITE),
    "planning:need_opinion_detail": R(TENANT_READ),
    "planning:need_opinion_edit": R(TENANT_WRITE, TENANT_WRITE),  # sent: back to it
    "planning:need_opinion_action": R(NOBODY, TENANT_WRITE),
    "planning:need_opinion_withdraw": R(TENANT_WRITE, TENANT_WRITE),
    # catalogue: the national catalogue is public; the second tenant's area is not
    "catalogue:home": R(EVERYONE, EVERYONE),
    "catalogue:export": R(EVERYONE, EVERYONE),
    "catalogue:service_detail": R(EVERYONE, EVERYONE),
    "catalogue:shortlist": R(EVERYONE, EVERYONE),
    "catalogue:shortlist_add": R(NOBODY, EVERYONE, data=[("service", "SERVICE")]),
    "catalogue:shortlist_remove": R(NOBODY, EVERYONE),
    "catalogue:shortlist_clear": R(NOBODY, EVERYONE),
    "catalogue:shortlist_email": R(NOBODY, EVERYONE),
    "catalogue:area": R(TENANT_READ, TENANT_READ),
    "catalogue:area_export": R(TENANT_READ, TENANT_READ),
    "catalogue:life_situations": R(TENANT_WRITE, TENANT_WRITE),
    "catalogue:life_situation_create": R(TENANT_WRITE, TENANT_WRITE),
    "catalogue:life_situation_edit": R(TENANT_WRITE, TENANT_WRITE),
    "catalogue:life_situation_delete": R(TENANT_WRITE, TENANT_WRITE),
    "catalogue:my_services": R(STAFF, STAFF),
    "catalogue:service_propose": R(NOBODY, NOBODY),  # nobody edits this provider
    "catalogue:service_verify": R(NOBODY, NOBODY),
    "catalogue:service_suggest": R(EVERYONE, EVERYONE),  # the public suggests corrections
    "catalogue:service_suggest_thanks": R(EVERYONE, EVERYONE),
    "catalogue:review_queue": R(COORDINATORS, COORDINATORS),
    "catalogue:review_detail": R(STAFF, STAFF),  # a service outside both areas
    "catalogue:review_photo": R(STAFF, STAFF),
    "catalogue:provider_editors": R(TENANT_WRITE, TENANT_WRITE),
    "catalogue:provider_editor_remove": R(NOBODY, TENANT_WRITE),
    "catalogue:registry_imports": R(COORDINATORS, STAFF),  # coordinators see, staff import
    "catalogue:registry_import": R(COORDINATORS, COORDINATORS),
    "catalogue:local_services": R(TENANT_WRITE, TENANT_WRITE),
    "catalogue:local_service_create": R(TENANT_WRITE, TENANT_WRITE),
    "catalogue:local_service_edit": R(TENANT_WRITE, TENANT_WRITE),
    # api: public and read-only
    "api:hsds_root": R(EVERYONE),
    "api:hsds_openapi": R(EVERYONE),
    "api:hsds_docs": R(EVERYONE),
    "api:hsds_services": R(EVERYONE),
    "api:hsds_service": R(EVERYONE),
    "api:hsds_organizations": R(EVERYONE),
    "api:hsds_organization": R(EVERYONE),
    "api:hsds_service_at_locations": R(EVERYONE),
    "api:hsds_service_at_location": R(EVERYONE),
    "api:hsds_taxonomies": R(EVERYONE),
    "api:hsds_taxonomy": R(EVERYONE),
    "api:hsds_taxonomy_terms": R(EVERYONE),
    "api:hsds_taxonomy_term": R(EVERYONE),
    # published results of needs surveys: the tenant's survey is not public (404 for all)
    "api:surveys": R(EVERYONE),
    "api:surveys_openapi": R(EVERYONE),
    "api:survey_results": R(NOBODY),
    # the public API of the processes (/api/v1/): anonymous-only, so the tenant's unpublished
    # process, its draft plan and its round do not exist for anybody (404, staff too)
    "api:public_root": R(EVERYONE),
    "api:public_openapi": R(EVERYONE),
    "api:public_docs": R(EVERYONE),
    "api:public_processes": R(EVERYONE),
    "api:public_process": R(NOBODY),
    "api:public_process_plans": R(NOBODY),
    "api:public_plan": R(NOBODY),
    "api:public_plan_rounds": R(NOBODY),
    "api:public_plan_approval": R(NOBODY),
    "api:public_plan_monitoring": R(NOBODY),
    "api:public_plan_period": R(NOBODY),
    "api:public_plan_evaluation": R(NOBODY),
    "api:public_round": R(NOBODY),
    "api:public_round_comments": R(NOBODY),
    # the local open-data catalogue (DCAT-AP-CZ): public, read-only; the tenant's process is
    # unpublished, so its datasets do not exist (404 for all, its coordinator and staff too)
    "api:opendata_index": R(EVERYONE),
    "api:opendata_catalogue": R(EVERYONE),
    "api:opendata_services_dataset": R(EVERYONE),
    "api:opendata_services_csv": R(EVERYONE),
    "api:opendata_services_csvw": R(EVERYONE),
    "api:opendata_dataset": R(NOBODY),
    "api:opendata_csv": R(NOBODY),
    "api:opendata_csvw": R(NOBODY),
    # analysis of the second tenant (read: its people and region staff; write: coordinator,
    # methodologists, site staff)
    "analysis:swot_overview": R(TENANT_READ, TENANT_READ),
    "analysis:swot_process": R(TENANT_READ, TENANT_WRITE),
    "analysis:swot_process_print": R(TENANT_READ, TENANT_READ),
    "analysis:swot_detail": R(TENANT_READ, TENANT_WRITE),
    "analysis:swot_print": R(TENANT_READ, TENANT_READ),
    "analysis:swot_item_edit": R(TENANT_WRITE, TENANT_WRITE),
    "analysis:swot_item_merge": R(TENANT_WRITE, TENANT_WRITE),
    "analysis:swot_rate": R(NOBODY, NOBODY),  # members of its group rate
    "analysis:swot_approval": R(NOBODY, TENANT_WRITE),  # a form on the SWOT's page
    "analysis:swot_take_over": R(TENANT_WRITE, TENANT_WRITE),  # a page with a form
    "analysis:swot_export": R(TENANT_READ, TENANT_READ),
    "analysis:demography": R(TENANT_READ),
    "analysis:demography_export": R(TENANT_READ),
    "analysis:coverage": R(TENANT_READ),
    "analysis:coverage_export": R(TENANT_READ),
    "analysis:finding_list": R(TENANT_READ, TENANT_READ),
    "analysis:finding_create": R(TENANT_WRITE, TENANT_WRITE),
    "analysis:finding_edit": R(TENANT_WRITE, TENANT_WRITE),
    "analysis:finding_delete": R(TENANT_WRITE, TENANT_WRITE),
    "analysis:finding_export": R(TENANT_READ, TENANT_READ),
    "analysis:survey_list": R(TENANT_READ, TENANT_READ),
    "analysis:survey_start": R(TENANT_WRITE, TENANT_WRITE),
    "analysis:survey_detail": R(TENANT_READ, TENANT_READ),
    "analysis:survey_edit": R(TENANT_WRITE, TENANT_WRITE),
    "analysis:survey_action": R(NOBODY, TENANT_WRITE, data=[("action", "new_version")]),
    "analysis:question_create": R(TENANT_WRITE, TENANT_WRITE),
    "analysis:question_edit": R(TENANT_WRITE, TENANT_WRITE),
    "analysis:survey_qr": R(TENANT_READ, TENANT_READ),
    "analysis:paper_entry": R(TENANT_WRITE, TENANT_WRITE),
    "analysis:survey_results": R(TENANT_READ, TENANT_READ),
    "analysis:survey_moderation": R(TENANT_WRITE, NOBODY),  # POST names no answer: 404
    "analysis:survey_publish": R(TENANT_WRITE, TENANT_WRITE),
    "analysis:survey_export": R(TENANT_WRITE, TENANT_WRITE),
    "analysis:survey_finding": R(NOBODY, TENANT_WRITE, data=[("question", "Q1")]),
    "analysis:survey_public_list": R(TENANT_READ, TENANT_READ),
    "analysis:survey_public_results": R(NOBODY, NOBODY),
    "analysis:survey_answer": R(NOBODY, NOBODY),  # a made-up key
    "analysis:survey_thanks": R(NOBODY, NOBODY),
    # consultation of the second tenant's draft (its plan is not public: nobody comments)
    "consultation:plan_rounds": R(TENANT_READ, TENANT_READ),
    "consultation:round_create": R(TENANT_WRITE, TENANT_WRITE),
    "consultation:round_edit": R(TENANT_WRITE, TENANT_WRITE),
    "consultation:approval": R(TENANT_READ, TENANT_WRITE),
    "consultation:decision_edit": R(TENANT_WRITE, TENANT_WRITE),
    "consultation:decision_file": R(NOBODY, NOBODY),  # no resolution file attached
    "consultation:round_detail": R(TENANT_READ, TENANT_READ),
    "consultation:comment_form": R(TENANT_READ, TENANT_READ),  # back to the round: closed
    "consultation:comment_confirm": R(TENANT_READ),  # a made-up token: "not valid"
    "consultation:resolution_table": R(TENANT_READ, TENANT_READ),
    "consultation:round_comments": R(TENANT_READ, TENANT_WRITE),
    "consultation:comment_enter": R(TENANT_WRITE, TENANT_WRITE),
    "consultation:comment_resolve": R(TENANT_READ, TENANT_WRITE),
    "consultation:comment_moderate": R(NOBODY, TENANT_WRITE),
    "consultation:answer_templates": R(TENANT_WRITE, TENANT_WRITE),
    "consultation:answer_template_edit": R(TENANT_WRITE, TENANT_WRITE),
    # monitoring of the second tenant's plan (region staff read, change nothing)
    "monitoring:period_list": R(TENANT_READ, TENANT_WRITE),  # POST opens a year
    "monitoring:setup": R(TENANT_WRITE, TENANT_WRITE),
    "monitoring:dashboard": R(TENANT_READ, TENANT_READ),
    "monitoring:evaluation": R(TENANT_READ, TENANT_WRITE),
    # the region's view (/kraje/): the national list for site staff (region staff are sent
    # to their region), the second tenant's region for its staff and site staff; GET only
    "region:index": R(STAFF | {"region_staff", "other_region_staff"}),
    "region:index_export": R(STAFF),
    "region:detail": R(STAFF | {"other_region_staff"}),
    "region:export": R(STAFF | {"other_region_staff"}),
    # the ORPs' opinions on need sent to the region: its staff and site staff; GET only
    "region:opinion_list": R(STAFF | {"other_region_staff"}),
    "region:opinion_xlsx": R(STAFF | {"other_region_staff"}),
    "region:opinion_csv": R(STAFF | {"other_region_staff"}),
    # the groundwork for the region's own plan (DOCX, XLSX): as the region's page
    "region_documents:plan_groundwork": R(STAFF | {"other_region_staff"}),
    "monitoring:next_plan": R(TENANT_WRITE, TENANT_WRITE),
    "monitoring:period_detail": R(TENANT_READ, TENANT_READ),
    "monitoring:period_edit": R(TENANT_WRITE, TENANT_WRITE),
    "monitoring:activity_report": R(TENANT_WRITE, TENANT_WRITE),
    "monitoring:measure_costs": R(TENANT_WRITE, TENANT_WRITE),
    "monitoring:indicator_values": R(TENANT_WRITE, TENANT_WRITE),
    "monitoring:register_fill": R(NOBODY, TENANT_WRITE),
    "monitoring:period_workflow": R(NOBODY, TENANT_WRITE),
    # the council takes note of an approved period only (the tenant's is being filled in)
    "monitoring:council_note": R(NOBODY, NOBODY),
    "monitoring:council_decision_file": R(NOBODY, NOBODY),  # no resolution file attached
    "monitoring:light_override": R(TENANT_WRITE, TENANT_WRITE),
    "monitoring:bulk_import": R(TENANT_WRITE, TENANT_WRITE),
    # documents of the later apps
    "documents:resolution_table_download": R(TENANT_READ, TENANT_READ),
    "documents:monitoring_report": R(TENANT_READ, TENANT_READ),
    "documents:evaluation_report": R(NOBODY, NOBODY),  # the tenant's plan is not evaluated
    "documents:survey_paper_pdf": R(TENANT_READ, TENANT_READ),
    "documents:survey_report": R(TENANT_READ, TENANT_READ),
    # the rest of the site
    "set_language": R(EVERYONE, EVERYONE),
    "/media/<path:path>": R(NOBODY, NOBODY),  # the tenant's job result under a guessed name
}

# Django's admin: nobody but site staff gets in, every page of it (generated, so one rule
# for all; what a member of site staff sees there is up to the model permissions the admin
# gives them, so site staff are not checked there), except its own sign-in pages.
ADMIN_RULE = R(STAFF, STAFF)
EXPECTED["admin:login"] = R(EVERYONE, EVERYONE)
EXPECTED["admin:logout"] = R(EVERYONE - STAFF, EVERYONE)  # GET: back to sign-in; staff: 405
ADMIN_NAMESPACE = "admin"

# --- filling in the addresses -----------------------------------------------------------------

# ``pk`` in a URL: the object by the URL name's longest matching prefix
PK_OF = {
    "core:job_": "job",
    "accounts:invitation_": "invitation",
    "territory:sub_area_": "sub_area",
    "documents:plan_document": "plan",
    "documents:": "meeting",
    "organisation:role_revoke": "role",
    "organisation:membership_": "membership",
    "organisation:person_": "person",
    "organisation:meeting_": "meeting",
    "organisation:minutes_": "meeting",
    "organisation:resolutions_": "meeting",
    "organisation:task_": "task",
    "library:document_": "document",
    "library:event_": "event",
    "planning:": "plan",
    "planning:action_item_edit": "action_plan",
    "planning:action_plan_carry_over": "action_plan",
    "planning:action_measure_costs": "action_plan",
    "planning:need_opinion_": "opinion",
    "catalogue:service_": "service",
    "catalogue:review_": "proposal",
    "catalogue:registry_import": "registry_import",
    "catalogue:life_situation_": "life_situation",
    "catalogue:local_service_": "local_service",
    "catalogue:provider_editor_": "provider_editor",
    # the later apps
    "analysis:finding_": "finding",
    "analysis:survey_": "survey",
    "analysis:question_": "survey",
    "analysis:paper_entry": "survey",
    "documents:survey_": "survey",
    "documents:resolution_table": "round",
    "documents:monitoring_report": "plan",
    "documents:evaluation_report": "plan",
    "consultation:": "round",
    "api:public_round": "round",
    "consultation:answer_template": "answer_template",
    "monitoring:": "plan",
}
# other parameters of the later apps: parameter -> object of tenant.extra (its pk)
EXTRA_PARAMS = {
    "plan_pk": "plan",
    "decision_pk": "decision",
    "comment_pk": "comment",
    "item": "swot_item",
    "swot": "swot",
    "question_pk": "question",
}
# ``format`` by the URL name's longest matching prefix
FORMAT_OF = {"documents:": "docx", "analysis:": "xlsx", "documents:survey_report": "pdf"}
# ``slug``: the process, except in these URLs (the planning area)
AREA_SLUG = ("territory:", "catalogue:area", "catalogue:life_situation", "catalogue:local_serv")


def _by_prefix(table: dict, name: str):
    matches = [prefix for prefix in table if name.startswith(prefix)]
    return table[max(matches, key=len)] if matches else None


def url_kwargs(name: str, params: list[str], world: dict) -> dict:
    """Values for the parameters of URL ``name`` from the second tenant's objects."""
    t = world["tenant"]
    values = {}
    for param in params:
        if param == "slug":
            is_area = any(name.startswith(prefix) for prefix in AREA_SLUG)
            value = t.area.slug if is_area else t.process.slug
        elif param == "pk":
            key = _by_prefix(PK_OF, name)
            if key is None:
                raise LookupError(f"{name}: add the kind of its pk to PK_OF")
            obj = getattr(t, key, None) or t.extra.get(key) or world.get(key)
            value = obj.pk
        elif param == "id":  # HSDS ids
            value = world["hsds_ids"][name]
        elif param in EXTRA_PARAMS:
            key = EXTRA_PARAMS[param]
            value = (getattr(t, key, None) or t.extra[key]).pk
        elif param == "format":
            value = _by_prefix(FORMAT_OF, name) or "docx"
        elif param == "path":
            value = t.job.result_file.name if t.job else "jobs/x.pdf"
        else:
            value = _param(param, name, t, world)
        values[param] = value
    return values


def _param(param: str, name: str, t, world):
    simple = {
        "group": t.group.slug,
        "article": t.article.slug,
        "priority_pk": t.priority.pk,
        "measure_pk": t.measure.pk,
        "activity_pk": t.activity.pk,
        "item_pk": t.action_item.pk if t.action_item else 0,
        "person": t.person.pk,
        "number": 1,
        "code": t.area.municipalities.order_by("code").first().code,
        # the second tenant's region (ČSÚ code; /kraje/<region>/)
        "region": t.area.municipalities.order_by("code").first().district.region.code,
        "fmt": "csv",
        "year": t.action_plan.year,
        "table": "vse",
        "key": "00000000-0000-4000-8000-000000000000",
        "action": "zverejnit",
        "index": 0,
        "token": secrets.token_urlsafe(16),
        "uidb64": "MQ",
    }
    if param not in simple:
        raise LookupError(f"{name}: no value for the URL parameter {param!r} in url_kwargs()")
    return simple[param]


# --- walking the URL configuration ------------------------------------------------------------


@dataclass(frozen=True)
class Url:
    key: str  # the name with its namespace, or the route of a URL without a name
    name: str | None
    route: str
    params: tuple

    @property
    def group(self) -> str:
        """The part of the matrix the URL is tried in: the admin, its namespace, or "-"."""
        if self.route.startswith("admin/"):
            return ADMIN_NAMESPACE
        return self.name.split(":", 1)[0] if self.name and ":" in self.name else "-"


def all_urls() -> list[Url]:
    found = []

    def walk(resolver, prefix: str, namespace: str | None):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
                # the parameters of a path() route, or the named groups of a re_path()
                params = tuple(
                    getattr(entry.pattern, "converters", None) or entry.pattern.regex.groupindex
                )
                found.append(Url(key=name or "/" + route, name=name, route=route, params=params))

    walk(get_resolver(), "", None)
    return found


def is_admin(url: Url) -> bool:
    return url.group == ADMIN_NAMESPACE


def expectation(url: Url) -> Rule | None:
    if url.key in EXPECTED:
        return EXPECTED[url.key]
    if is_admin(url):
        return ADMIN_RULE
    return None


def test_every_url_has_an_expectation():
    missing = sorted({url.key for url in all_urls() if expectation(url) is None})
    assert not missing, (
        "These URLs have no expectation in tests/test_url_matrix.py EXPECTED "
        "(add one line each: who may GET, who may POST): " + ", ".join(missing)
    )


def test_every_expectation_names_a_url():
    keys = {url.key for url in all_urls()}
    gone = sorted(set(EXPECTED) - keys)
    assert not gone, "EXPECTED names URLs that do not exist any more: " + ", ".join(gone)


# --- the matrix ----------------------------------------------------------------------------


@pytest.fixture
def world(settings, tmp_path, personas):
    """The second tenant, the objects outside both tenants, and the personas."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from socplan.catalogue.models import (
        ChangeProposal,
        Provider,
        ProviderEditor,
        RegistryImport,
        Service,
        Source,
    )
    from socplan.catalogue.review import store_pending_photo
    from socplan.organisation.models import ProcessRole
    from socplan.testing.tenants import add_later_objects, make_second_tenant

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.LIBRARY_ROOT = tmp_path / "library"
    settings.DATA_DIR = tmp_path
    tenant = make_second_tenant(with_job=True)
    add_later_objects(tenant)
    provider = Provider.objects.create(
        ico="99999999", name="Vzdálený poskytovatel", source=Source.REGISTER
    )
    service = Service.objects.create(
        provider=provider, name="Vzdálená služba", source=Source.REGISTER
    )
    photo = store_pending_photo(SimpleUploadedFile("foto.jpg", b"\xff\xd8jpg"))
    proposal = ChangeProposal.objects.create(
        service=service,
        kind=ChangeProposal.Kind.SUGGESTION,
        changes={"photos_add": [{"file": photo, "alt": "Budova"}]},
    )
    editor = ProcessRole.objects.create(
        user=_user("tajny.editor@example.org"),
        process=tenant.process,
        role=ProcessRole.Role.PROVIDER_EDITOR,
    ).user
    provider_editor = ProviderEditor.objects.create(user=editor, provider=provider)
    registry_import = RegistryImport.objects.create(file_name="rpss.json", status="succeeded")
    from socplan.api import ids

    hsds_ids = _hsds_ids(ids, tenant, service, provider)
    users = dict(personas)
    users["tenant_coordinator"] = tenant.coordinator
    return {
        "tenant": tenant,
        "service": service,
        "proposal": proposal,
        "provider_editor": provider_editor,
        "registry_import": registry_import,
        "hsds_ids": hsds_ids,
        "users": users,
    }


def _user(email):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(email=email, password="x", full_name=email)


def _hsds_ids(ids, tenant, service, provider) -> dict:
    """Ids of the HSDS API for the objects of the matrix."""
    local = tenant.local_service
    facility = local.facilities.get()
    category = local.local_category
    return {
        "api:hsds_service": ids.service_id(service),
        "api:hsds_organization": ids.organization_id(provider),
        "api:hsds_service_at_location": ids.service_at_location_id(local, facility),
        "api:hsds_taxonomy": ids.taxonomy_id(category.codelist),
        "api:hsds_taxonomy_term": ids.taxonomy_term_id(category),
        "api:survey_results": tenant.extra["survey"].pk,
    }


LOGIN_PATHS = ("/ucet/prihlaseni/", "/admin/login/")


def outcome(response) -> str:
    """ "through", "refused" or "error" (a server error is always wrong)."""
    status = response.status_code
    if status >= 500:
        return "error"
    if status in (401, 403, 404, 405):
        return "refused"
    if status in (301, 302, 303, 307, 308):
        location = response.get("Location", "")
        if any(path in location for path in LOGIN_PATHS):
            return "refused"
    return "through"


def _request(client: Client, method: str, path: str, data: dict):
    cache.clear()  # a page cached for one persona must not answer another
    cookies = copy.deepcopy(client.cookies)  # signing out (POST /ucet/odhlaseni/) is undone too
    with transaction.atomic():
        response = client.post(path, data) if method == "post" else client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


def matrix_urls(namespace: str) -> list[Url]:
    return [u for u in all_urls() if u.group == namespace]


NAMESPACES = sorted({u.group for u in all_urls()})


@pytest.mark.django_db
@pytest.mark.parametrize("namespace", NAMESPACES)
def test_the_url_matrix(namespace, world, client_for):
    """Every URL of the namespace × every persona × GET and POST: exactly the expected
    personas get through, nobody gets a server error."""
    clients = {p: client_for(world["users"][p]) for p in MATRIX_PERSONAS}
    urls = matrix_urls(namespace)
    if namespace == ADMIN_NAMESPACE:
        # generated pages: the index, the lists and the add forms (not the object pages)
        urls = [u for u in urls if u.name and not u.params]
    wrong = []
    for url in urls:
        rule = expectation(url)
        if rule is None:
            continue  # test_every_url_has_an_expectation names it
        if url.name:
            path = reverse(url.name, kwargs=url_kwargs(url.name, list(url.params), world))
        else:
            path = "/" + _fill_route(url, world)
        path += rule.query
        data = {k: str(world["service"].pk) if v == "SERVICE" else v for k, v in rule.data}
        for method, allowed in (("get", rule.get), ("post", rule.post)):
            for persona in MATRIX_PERSONAS:
                if persona == "staff" and rule is ADMIN_RULE:
                    continue  # the admin's model permissions decide
                response = _request(clients[persona], method, path, data)
                got = outcome(response)
                want = "through" if persona in allowed else "refused"
                if got != want:
                    wrong.append(
                        f"{url.key} {method.upper()} {path} as {persona}: "
                        f"{response.status_code} ({got}), expected {want}"
                    )
    assert not wrong, f"{len(wrong)} unexpected answers:\n" + "\n".join(wrong)


def _fill_route(url: Url, world) -> str:
    route = url.route
    for param in url.params:
        value = url_kwargs(url.key, [param], world)[param]
        for converter in ("slug", "int", "str", "path"):
            route = route.replace(f"<{converter}:{param}>", str(value))
        route = route.replace(f"<{param}>", str(value))
    return route
