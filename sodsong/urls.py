from django.contrib import admin
from django.urls import include, path

from sodsong.api import api
from sodsong.web import views as web_views

urlpatterns = [
    path("healthz", web_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("sodsong.accounts.urls")),
    path("audit/", include("sodsong.audit.urls")),
    path("areas/", include("sodsong.geo.urls")),
    path("people/", include("sodsong.people.urls")),
    path("files/", include("sodsong.core.urls")),
    path("jobs/", include("sodsong.jobs.urls")),
    path("survey/", include("sodsong.survey.urls")),
    path("entities/", include("sodsong.entities.urls")),
    path("tips/", include("sodsong.tips.urls")),
    path("tip/", include("sodsong.tips.public_urls")),
    path("cases/", include("sodsong.cases.urls")),
    path("misconduct/", include("sodsong.misconduct.urls")),
    path("awareness/", include("sodsong.awareness.urls")),
    path("indicators/", include("sodsong.indicators.urls")),
    path("documents/", include("sodsong.documents.urls")),
    path("directives/", include("sodsong.directives.urls")),
    path("django-admin/", admin.site.urls),
    path("", include("sodsong.web.urls")),
]

handler403 = "sodsong.web.views.forbidden"
handler500 = "sodsong.core.faults.server_error"  # Thai 503 for a full disk or a busy database
