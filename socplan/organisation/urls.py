from django.urls import path

from . import views, views_minutes, views_roles, views_structure

app_name = "organisation"
urlpatterns = [
    path("novy/", views.process_create, name="process_create"),
    path("moje-ukoly/", views_minutes.my_tasks, name="my_tasks"),
    path("<slug:slug>/", views.process_detail, name="process_detail"),
    path("<slug:slug>/vzhled.css", views.process_brand_css, name="process_brand_css"),
    path("<slug:slug>/upravit/", views.process_edit, name="process_edit"),
    path("<slug:slug>/faze/", views.process_phases, name="process_phases"),
    path("<slug:slug>/uzemi/nove/", views.process_area_create, name="process_area_create"),
    path("<slug:slug>/role/", views_roles.process_people, name="process_people"),
    path("<slug:slug>/role/<int:pk>/odebrat/", views_roles.role_revoke, name="role_revoke"),
    # planning structure: groups, people, meetings (issue 4)
    path("<slug:slug>/skupiny/", views_structure.group_list, name="group_list"),
    path("<slug:slug>/skupiny/nova/", views_structure.group_create, name="group_create"),
    path("<slug:slug>/skupiny/<slug:group>/", views_structure.group_detail, name="group_detail"),
    path(
        "<slug:slug>/skupiny/<slug:group>/upravit/",
        views_structure.group_edit,
        name="group_edit",
    ),
    path(
        "<slug:slug>/skupiny/<slug:group>/clenove/novy/",
        views_structure.membership_add,
        name="membership_add",
    ),
    path(
        "<slug:slug>/skupiny/<slug:group>/clenove/<int:pk>/",
        views_structure.membership_edit,
        name="membership_edit",
    ),
    path("<slug:slug>/lide/", views_structure.person_list, name="person_list"),
    path("<slug:slug>/lide/novy/", views_structure.person_create, name="person_create"),
    path("<slug:slug>/lide/<int:pk>/", views_structure.person_edit, name="person_edit"),
    path(
        "<slug:slug>/lide/<int:pk>/anonymizovat/",
        views_structure.person_anonymise,
        name="person_anonymise",
    ),
    path("<slug:slug>/ucast/", views_structure.attendance_stats, name="attendance_stats"),
    path("<slug:slug>/setkani/", views_structure.meeting_list, name="meeting_list"),
    path("<slug:slug>/setkani/nove/", views_structure.meeting_create, name="meeting_create"),
    path("<slug:slug>/setkani/<int:pk>/", views_structure.meeting_detail, name="meeting_detail"),
    path(
        "<slug:slug>/setkani/<int:pk>/upravit/",
        views_structure.meeting_edit,
        name="meeting_edit",
    ),
    path(
        "<slug:slug>/setkani/<int:pk>/pozvanky/",
        views_structure.meeting_invitations,
        name="meeting_invitations",
    ),
    path(
        "<slug:slug>/setkani/<int:pk>/ucast/",
        views_structure.meeting_attendance,
        name="meeting_attendance",
    ),
    path(
        "<slug:slug>/setkani/<int:pk>/kalendar.ics",
        views_structure.meeting_ics,
        name="meeting_ics",
    ),
    path(
        "<slug:slug>/odpoved/<str:token>/",
        views_structure.meeting_reply,
        name="meeting_reply",
    ),
    # minutes, resolutions and tasks (views_minutes, issue 4)
    path(
        "<slug:slug>/setkani/<int:pk>/zapis/", views_minutes.minutes_detail, name="minutes_detail"
    ),
    path(
        "<slug:slug>/setkani/<int:pk>/zapis/upravit/",
        views_minutes.minutes_edit,
        name="minutes_edit",
    ),
    path(
        "<slug:slug>/setkani/<int:pk>/zapis/usneseni/",
        views_minutes.resolutions_edit,
        name="resolutions_edit",
    ),
    path(
        "<slug:slug>/setkani/<int:pk>/zapis/schvalit/",
        views_minutes.minutes_approve,
        name="minutes_approve",
    ),
    path(
        "<slug:slug>/setkani/<int:pk>/zapis/<str:action>/",
        views_minutes.minutes_action,
        name="minutes_action",
    ),
    path("<slug:slug>/ukoly/", views_minutes.task_list, name="task_list"),
    path("<slug:slug>/ukoly/novy/", views_minutes.task_create, name="task_create"),
    path("<slug:slug>/ukoly/<int:pk>/upravit/", views_minutes.task_edit, name="task_edit"),
    path("<slug:slug>/ukoly/<int:pk>/stav/", views_minutes.task_status, name="task_status"),
    path("<slug:slug>/ukoly/<int:pk>/smazat/", views_minutes.task_delete, name="task_delete"),
    path("<slug:slug>/ukoly/osoba/<int:person>/", views_minutes.person_tasks, name="person_tasks"),
    path("<slug:slug>/skupiny/<slug:group>/ukoly/", views_minutes.group_tasks, name="group_tasks"),
]
