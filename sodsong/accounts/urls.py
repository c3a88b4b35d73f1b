from django.urls import path

from sodsong.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/verify/", views.totp_verify_view, name="totp_verify"),
    path("logout/", views.logout_view, name="logout"),
    path("two-factor/", views.totp_setup_view, name="totp_setup"),
    path("me/", views.profile_view, name="profile"),
    path("users/", views.user_list_view, name="user_list"),
    path("users/<uuid:uuid>/reset/", views.user_reset_view, name="user_reset"),
    path("users/<uuid:uuid>/unlock/", views.user_unlock_view, name="user_unlock"),
    path("users/<uuid:uuid>/two-factor-reset/", views.user_totp_reset_view, name="user_totp_reset"),
    path(
        "users/<uuid:uuid>/two-factor-reset/approve/",
        views.user_totp_reset_approve_view,
        name="user_totp_reset_approve",
    ),
    path("reset/<str:code>", views.reset_complete_view, name="reset_complete"),
]
