from django.urls import path

from . import views, views_opinions

app_name = "planning"
N = "<slug:slug>/potrebnost/"  # opinions on need for the region's network (issue 17)
P = "<slug:slug>/plan/<int:pk>/"
M = P + "opatreni/<int:measure_pk>/"
urlpatterns = [
    path("<slug:slug>/plan/", views.plan_list, name="plan_list"),
    path("<slug:slug>/plan/novy/", views.plan_create, name="plan_create"),
    # reading (public when the plan is)
    path(P, views.plan_detail, name="plan_detail"),
    path(P + "cilove-skupiny/", views.plan_target_groups, name="plan_target_groups"),
    path(P + "obce/", views.plan_municipalities, name="plan_municipalities"),
    path(P + "obce/<str:code>/", views.plan_municipality, name="plan_municipality"),
    path(P + "rozpocet/", views.plan_finance, name="plan_finance"),
    path(M, views.measure_detail, name="measure_detail"),
    # editing
    path(P + "upravit/", views.plan_edit, name="plan_edit"),
    path(P + "editor/", views.plan_editor, name="plan_editor"),
    path(P + "stav/", views.plan_status, name="plan_status"),
    path(P + "zmena/", views.plan_amend, name="plan_amend"),
    path(P + "verze/", views.plan_versions, name="plan_versions"),
    path(P + "verze/porovnani/", views.version_compare, name="version_compare"),
    path(P + "koncept/", views.draft_save, name="draft_save"),
    path(P + "priority/nova/", views.priority_form, name="priority_create"),
    path(P + "priority/<int:priority_pk>/", views.priority_form, name="priority_edit"),
    path(P + "priority/<int:priority_pk>/akce/", views.priority_action, name="priority_action"),
    path(P + "opatreni/nove/", views.measure_create, name="measure_create"),
    path(M + "upravit/", views.measure_edit, name="measure_edit"),
    path(M + "akce/", views.measure_action, name="measure_action"),
    path(M + "aktivity/nova/", views.activity_form, name="activity_create"),
    path(M + "aktivity/<int:activity_pk>/", views.activity_form, name="activity_edit"),
    path(M + "aktivity/<int:activity_pk>/akce/", views.activity_action, name="activity_action"),
    # action plans
    path(P + "akcni-plan/novy/", views.action_plan_create, name="action_plan_create"),
    path(P + "aktivity/<int:item_pk>/", views.action_item_edit, name="action_item_edit"),
    path(P + "prenos/", views.action_plan_carry_over, name="action_plan_carry_over"),
    path(
        P + "naklady-opatreni/<int:measure_pk>/",
        views.action_measure_costs,
        name="action_measure_costs",
    ),
    # opinions on need (the region's network)
    path(N, views_opinions.need_opinion_list, name="need_opinion_list"),
    path(N + "nove/", views_opinions.need_opinion_create, name="need_opinion_create"),
    path(N + "<int:pk>/", views_opinions.need_opinion_detail, name="need_opinion_detail"),
    path(N + "<int:pk>/upravit/", views_opinions.need_opinion_edit, name="need_opinion_edit"),
    path(N + "<int:pk>/akce/", views_opinions.need_opinion_action, name="need_opinion_action"),
    path(
        N + "<int:pk>/stazeni/", views_opinions.need_opinion_withdraw, name="need_opinion_withdraw"
    ),
]
