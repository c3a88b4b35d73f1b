"""The public tip line: no sign-in. Mounted at /tip/."""

from django.urls import path

from sodsong.tips import public_views

app_name = "tipline"
urlpatterns = [
    path("", public_views.tip_form, name="index"),
    path("status/", public_views.tip_status, name="status"),
    path("places/", public_views.picker, name="picker"),
]
