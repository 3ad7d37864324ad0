from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(authentication_classes=[], throttle_classes=[]), name="schema"),
    path("docs/", views.DocsView.as_view(url_name="api:schema"), name="docs"),
    path("aanmeldingen/", views.aanmeldingen, name="aanmeldingen"),
    path("aanmeldingen/<int:pk>/", views.aanmelding, name="aanmelding"),
    path("aanmeldingen/<int:pk>/ontvangst/", views.aanmelding_ontvangst, name="aanmelding_ontvangst"),
    path("aanmeldingen/<int:pk>/intake/", views.aanmelding_intake, name="aanmelding_intake"),
    path("aanmeldingen/<int:pk>/intake-gehad/", views.aanmelding_intake_gehad, name="aanmelding_intake_gehad"),
    path("aanmeldingen/<int:pk>/besluit/", views.aanmelding_besluit, name="aanmelding_besluit"),
    path("aanmeldingen/<int:pk>/inschrijving/", views.aanmelding_inschrijving, name="aanmelding_inschrijving"),
    path("aanmeldingen/<int:pk>/start/", views.aanmelding_start, name="aanmelding_start"),
    path("aanmeldingen/<int:pk>/niet-verschenen/", views.aanmelding_niet_verschenen, name="aanmelding_niet_verschenen"),
    path("aanmeldingen/<int:pk>/status/", views.aanmelding_landelijke_status, name="aanmelding_status"),
    path("leerlingen/", views.leerlingen, name="leerlingen"),
    path("leerlingen/bulk/", views.leerlingen_bulk, name="leerlingen_bulk"),
    path("leerlingen/klassen/", views.leerlingen_klassen, name="leerlingen_klassen"),
    path("leerlingen/diploma/", views.leerlingen_diploma, name="leerlingen_diploma"),
    path("school/aanmeldingen/", views.school_aanmeldingen, name="school_aanmeldingen"),
    path("school/aanmeldingen/<int:pk>/", views.school_aanmelding, name="school_aanmelding"),
    path("school/terugkoppelingen/", views.school_terugkoppelingen, name="school_terugkoppelingen"),
    path("leerlingen/<int:pk>/", views.leerling, name="leerling"),
]
