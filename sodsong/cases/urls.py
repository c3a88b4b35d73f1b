from django.urls import path

from sodsong.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.case_new, name="new"),
    path("from-tips/", views.from_tips, name="from_tips"),
    path("laws/", views.laws, name="laws"),
    path("<uuid:uuid>/", views.case_detail, name="detail"),
    path("<uuid:uuid>/summary.docx", views.case_docx, name="docx"),
    path("<uuid:uuid>/<slug:action>/", views.case_action, name="action"),
]
