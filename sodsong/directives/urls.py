from django.urls import path

from sodsong.directives import views

app_name = "directives"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.upload, name="upload"),
    path("compose/", views.compose, name="compose"),
    path("<uuid:uuid>/", views.detail, name="detail"),
    path("<uuid:uuid>/review/", views.review, name="review"),
    path("<uuid:uuid>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<uuid:uuid>/pass-down/", views.pass_down, name="pass_down"),
    path("<uuid:uuid>/remind/", views.remind_now, name="remind"),
    path("<uuid:uuid>/letter.<str:fmt>", views.letter_file, name="letter"),
    path("assignments/<uuid:uuid>/", views.assignment, name="assignment"),
    path("extensions/<uuid:uuid>/decide/", views.decide_extension, name="decide_extension"),
    path("notices/<uuid:uuid>/dismiss/", views.dismiss_notice, name="dismiss_notice"),
]
