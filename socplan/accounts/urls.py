from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("prihlaseni/", views.LoginView.as_view(), name="login"),
    path("odhlaseni/", views.LogoutView.as_view(), name="logout"),
    path("heslo/zmena/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "heslo/zmena/hotovo/",
        views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("heslo/obnova/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "heslo/obnova/odeslano/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "heslo/obnova/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "heslo/obnova/hotovo/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("pozvat/", views.invite_site_user, name="invite_site_user"),
    path("pozvanka/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("pozvanky/<int:pk>/znovu/", views.invitation_resend, name="invitation_resend"),
    path("pozvanky/<int:pk>/zrusit/", views.invitation_cancel, name="invitation_cancel"),
    # "People and roles" of a process moved to /procesy/<slug>/role/ (organisation).
    path(
        "proces/<slug:slug>/lide/",
        RedirectView.as_view(url="/procesy/%(slug)s/role/", permanent=True),
    ),
]
