from django.urls import path

from . import views_school as views
from . import views_vergelijking

app_name = "aanmelden"
urlpatterns = [
    path("leerling/<int:pk>/opleidingen/", views.opleiding_zoeken, name="zoeken"),
    path("leerling/<int:pk>/opleidingen/<int:opleiding>/", views.aanmelding_bevestigen, name="bevestigen"),
    path("leerling/<int:pk>/opleidingen/<int:opleiding>/aanmelden/", views.aanmelding_aanmaken, name="aanmelden"),
    path("aanmelding/<int:pk>/intrekken/", views.aanmelding_intrekken, name="intrekken"),
    path("aanmelding/<int:pk>/warme-overdracht/", views.warme_overdracht, name="warme_overdracht"),
    path(
        "aanmelding/<int:pk>/warme-overdracht/gehouden/",
        views.warme_overdracht_gehouden_view,
        name="warme_overdracht_gehouden",
    ),
    path("leerling/<int:pk>/buiten-voroc/", views.extern_nieuw, name="extern_nieuw"),
    path("buiten-voroc/<int:pk>/", views.extern_wijzigen, name="extern_wijzigen"),
    path("landelijke-statussen/", views_vergelijking.vergelijking_school, name="vergelijking"),
    path(
        "landelijke-statussen/<int:pk>/buiten-voroc/",
        views_vergelijking.vergelijking_extern,
        name="vergelijking_extern",
    ),
]
