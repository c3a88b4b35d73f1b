"""The public tip line: no sign-in. Mounted at /tip/."""

from django.urls import path

from sodsong.tips import views

app_name = "tipline"
urlpatterns = [path("", views.index, name="index")]
