from django.urls import path

from sodsong.misconduct import views

app_name = "misconduct"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.matter_new, name="new"),
    path("<uuid:uuid>/", views.matter_detail, name="detail"),
    path("<uuid:uuid>/steps/", views.step_add, name="step_add"),
    path("<uuid:uuid>/refer/", views.refer, name="refer"),
    path("<uuid:uuid>/measures/", views.measure_add, name="measure_add"),
    path("<uuid:uuid>/outcome/", views.outcome, name="outcome"),
    path("<uuid:uuid>/designations/", views.designate, name="designate"),
    path("<uuid:uuid>/designations/<uuid:designation>/revoke/", views.revoke, name="revoke"),
]
