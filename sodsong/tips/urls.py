from django.urls import path

from sodsong.tips import views

app_name = "tips"
urlpatterns = [
    path("", views.index, name="index"),
    path("report/new/", views.report_new, name="report_new"),
    path("designations/", views.designations, name="designations"),
    path("designations/<uuid:uuid>/revoke/", views.designation_revoke, name="designation_revoke"),
    path("<uuid:uuid>/", views.detail, name="detail"),
    path("<uuid:uuid>/status/", views.set_status, name="status"),
    path("<uuid:uuid>/merge/", views.merge, name="merge"),
    path("<uuid:uuid>/identifiers/", views.add_identifier, name="add_identifier"),
    path("<uuid:uuid>/notes/", views.add_note, name="add_note"),
]
