from django.urls import path

from sodsong.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.index, name="index"),
    path("recompute/", views.recompute, name="recompute"),
    path("periods/", views.period_list, name="periods"),
    path("periods/<str:uuid>/", views.period_detail, name="period"),
    path("periods/<str:uuid>/open/<str:code>/", views.report_open, name="report_open"),
    path("reports/<str:uuid>/", views.report_detail, name="report"),
    path("reports/<str:uuid>/<str:action>/", views.report_review, name="report_review"),
    path(
        "reports/<str:uuid>/download.<str:fmt>",
        views.report_download,
        name="report_download",
    ),
]
