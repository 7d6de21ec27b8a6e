from django.urls import path

from . import views

app_name = "consultation"
PLAN = "<slug:slug>/plan/<int:plan_pk>/"
R = "<slug:slug>/pripominky/<int:pk>/"
C = R + "c/<int:comment_pk>/"
urlpatterns = [
    # the rounds and the approval of a plan
    path(PLAN + "pripominkovani/", views.plan_rounds, name="plan_rounds"),
    path(PLAN + "pripominkovani/nove/", views.round_form, name="round_create"),
    path(PLAN + "pripominkovani/<int:pk>/upravit/", views.round_form, name="round_edit"),
    path(PLAN + "schvaleni/", views.approval, name="approval"),
    path(PLAN + "schvaleni/<int:decision_pk>/", views.decision_edit, name="decision_edit"),
    path(PLAN + "schvaleni/<int:decision_pk>/usneseni/", views.decision_file, name="decision_file"),
    # a round: public
    path(R, views.round_detail, name="round_detail"),
    path(R + "pripominka/", views.comment_form, name="comment_form"),
    path(R + "potvrdit/<str:token>/", views.comment_confirm, name="comment_confirm"),
    path(R + "vyporadani/", views.resolution_table, name="resolution_table"),
    # a round: staff
    path(R + "sprava/", views.round_comments, name="round_comments"),
    path(R + "zapsat/", views.comment_enter, name="comment_enter"),
    path(C, views.comment_resolve, name="comment_resolve"),
    path(C + "moderace/", views.comment_moderate, name="comment_moderate"),
    # answer templates of the process
    path("<slug:slug>/odpovedi-na-pripominky/", views.answer_templates, name="answer_templates"),
    path(
        "<slug:slug>/odpovedi-na-pripominky/<int:pk>/",
        views.answer_templates,
        name="answer_template_edit",
    ),
]
