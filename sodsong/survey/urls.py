from django.urls import path

from sodsong.survey.views import residents, rounds, transfers, visits

app_name = "survey"
urlpatterns = [
    path("", residents.index, name="index"),
    path("residents/", residents.resident_list, name="residents"),
    path("residents/new/", residents.resident_new, name="resident_new"),
    path("residents/<uuid:uuid>/", residents.resident_detail, name="resident"),
    path("residents/<uuid:uuid>/<slug:action>/", residents.resident_action, name="resident_action"),
    path("visits/", visits.visit_list, name="visits"),
    path("visits/new/", visits.visit_new, name="visit_new"),
    path("visits/<uuid:uuid>/", visits.visit_detail, name="visit"),
    path("visits/<uuid:uuid>/edit/", visits.visit_new, name="visit_edit"),
    path("rounds/", rounds.round_list, name="rounds"),
    path("rounds/<uuid:uuid>/", rounds.round_detail, name="round"),
    path(
        "submissions/<uuid:uuid>/<slug:action>/",
        rounds.submission_action,
        name="submission_action",
    ),
    path("import/", transfers.import_upload, name="import_upload"),
    path("import/template.xlsx", transfers.import_template, name="import_template"),
    path("import/<uuid:uuid>/", transfers.import_detail, name="import"),
    path("import/<uuid:uuid>/rejected.xlsx", transfers.import_rejected, name="import_rejected"),
    path("export/", transfers.export, name="export"),
]
