from django.urls import path

from sodsong.survey import views

app_name = "survey"
urlpatterns = [
    path("", views.index, name="index"),
    path("residents/", views.resident_list, name="residents"),
    path("residents/new/", views.resident_new, name="resident_new"),
    path("residents/<uuid:uuid>/", views.resident_detail, name="resident"),
    path("residents/<uuid:uuid>/<slug:action>/", views.resident_action, name="resident_action"),
    path("visits/", views.visit_list, name="visits"),
    path("visits/new/", views.visit_new, name="visit_new"),
    path("visits/<uuid:uuid>/", views.visit_detail, name="visit"),
    path("visits/<uuid:uuid>/edit/", views.visit_new, name="visit_edit"),
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/<uuid:uuid>/", views.round_detail, name="round"),
    path(
        "submissions/<uuid:uuid>/<slug:action>/",
        views.submission_action,
        name="submission_action",
    ),
    path("import/", views.import_upload, name="import_upload"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/<uuid:uuid>/", views.import_detail, name="import"),
    path("import/<uuid:uuid>/rejected.xlsx", views.import_rejected, name="import_rejected"),
    path("export/", views.export, name="export"),
]
