from django.urls import path

from . import views

app_name = "monitoring"
P = "<slug:slug>/plan/<int:pk>/monitoring/"
Y = P + "<int:year>/"
urlpatterns = [
    path(P, views.period_list, name="period_list"),
    path(P + "nastaveni/", views.setup, name="setup"),
    path("<slug:slug>/plan/<int:pk>/prubeh/", views.dashboard, name="dashboard"),
    path("<slug:slug>/plan/<int:pk>/vyhodnoceni/", views.evaluation, name="evaluation"),
    path("<slug:slug>/plan/<int:pk>/vyhodnoceni/dalsi-plan/", views.next_plan, name="next_plan"),
    path(Y, views.period_detail, name="period_detail"),
    path(Y + "upravit/", views.period_edit, name="period_edit"),
    path(Y + "aktivity/<int:item_pk>/", views.activity_report, name="activity_report"),
    path(Y + "opatreni/<int:measure_pk>/naklady/", views.measure_costs, name="measure_costs"),
    path(Y + "indikatory/", views.indicator_values, name="indicator_values"),
    path(Y + "registr/", views.register_fill, name="register_fill"),
    path(Y + "schvaleni/", views.period_workflow, name="period_workflow"),
    path(Y + "zastupitelstvo/", views.council_note, name="council_note"),
    path(Y + "zastupitelstvo/usneseni/", views.council_decision_file, name="council_decision_file"),
    path(Y + "semafor/", views.light_override, name="light_override"),
    path(Y + "import/", views.bulk_import, name="bulk_import"),
]
