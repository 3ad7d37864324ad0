from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from voroc import health, views

urlpatterns = [
    path("", include("dossier.urls")),
    path("account/", include("voroc.accounts.urls")),
    path("leerlingen/portaal/", include("portaal.urls_activatie")),
    path("leerlingen/", include("portaal.urls_school")),
    path("leerlingen/", include("leerlingen.urls")),
    path("mijn/", include("portaal.urls")),
    path("doorstroom/", include("doorstroom.urls")),
    path("aanmelden/", include("aanmelding.urls_school")),
    path("mbo/", include("aanmelding.urls_mbo")),
    path("rmc/", include("rmc.urls")),
    path("notificaties/", include("terugkoppeling.urls")),
    path("servicedesk/", include("servicedesk.urls")),
    path("rapportage/", include("rapportage.urls")),
    path("api/v1/", include("api.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    # The accessibility statement (no login): linked from every page's footer.
    path("toegankelijkheid/", views.toegankelijkheid, name="toegankelijkheid"),
    # Health probes (no login): voroc/health.py
    path("health/live", health.live, name="health_live"),
    path("health/ready", health.ready, name="health_ready"),
]

handler403 = "voroc.views.permission_denied"
handler404 = "voroc.views.page_not_found"
