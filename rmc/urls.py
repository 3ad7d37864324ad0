from django.urls import path

from . import views

app_name = "rmc"
urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("zonder-bestemming/", views.zonder_bestemming, name="zonder_bestemming"),
    path("export/", views.overzicht_export, name="overzicht_export"),
    path("meldingen/", views.meldingen, name="meldingen"),
    path("meldingen/export/", views.meldingen_export, name="meldingen_export"),
    path("meldingen/<int:pk>/", views.melding_detail, name="melding_detail"),
    path("meldingen/<int:pk>/status/", views.melding_status, name="melding_status"),
    path("meldingen/<int:pk>/toewijzen/", views.melding_toewijzen, name="melding_toewijzen"),
    path("meldingen/<int:pk>/notitie/", views.melding_notitie, name="melding_notitie"),
    path("mijn-meldingen/", views.mijn_meldingen, name="mijn_meldingen"),
    path("leerling/<int:pk>/risicomelding/", views.risicomelding, name="risicomelding"),
    path("leerling/<int:pk>/begeleiding/", views.begeleiding, name="begeleiding"),
    path("leerling/<int:pk>/contactmoment/", views.contactmoment_create, name="contactmoment_create"),
    path("leerling/<int:pk>/elders/", views.elders, name="elders"),
    path("leerling/<int:pk>/contactgegevens/", views.contactgegevens, name="contactgegevens"),
    path("leerling/<int:pk>/verhuizing/", views.verhuizing, name="verhuizing"),
    path("leerling/<int:pk>/inzage/", views.inzage, name="inzage"),
    path("leerling/<int:pk>/inzage/pdf/", views.inzage_pdf, name="inzage_pdf"),
    path("traject/<int:pk>/afsluiten/", views.traject_afsluiten, name="traject_afsluiten"),
    path("verhuizingen/", views.verhuizingen, name="verhuizingen"),
]
