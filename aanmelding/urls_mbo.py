from django.urls import path

from . import views_mbo as v
from . import views_vergelijking

app_name = "mbo"
urlpatterns = [
    path("aanmeldingen/", v.werklijst, name="werklijst"),
    path("aanmeldingen/export/", v.werklijst_export, name="werklijst_export"),
    path("aanmeldingen/bulk/", v.bulk, name="bulk"),
    path("aanmeldingen/statuscodes/", v.status_import, name="status_import"),
    path("aanmeldingen/landelijke-statussen/", views_vergelijking.vergelijking_mbo, name="vergelijking"),
    path("aanmeldingen/<int:pk>/", v.dossier, name="dossier"),
    path("aanmeldingen/<int:pk>/formulier.pdf", v.formulier_pdf, name="formulier_pdf"),
    path("aanmeldingen/<int:pk>/lob-paspoort.pdf", v.lob_paspoort, name="lob_paspoort"),
    path("aanmeldingen/<int:pk>/inzage/", v.inzage, name="inzage"),
    path("aanmeldingen/<int:pk>/inzage/pdf/", v.inzage_pdf, name="inzage_pdf"),
    path("aanmeldingen/<int:pk>/stap/", v.stap, name="stap"),
    path("aanmeldingen/<int:pk>/intake/", v.intake_plannen_view, name="intake_plannen"),
    path("aanmeldingen/<int:pk>/intake-gehad/", v.intake_gehad_view, name="intake_gehad"),
    path("aanmeldingen/<int:pk>/besluit/", v.besluit, name="besluit"),
    path("aanmeldingen/<int:pk>/doorverwijzen/", v.doorverwijzen, name="doorverwijzen"),
    path("aanmeldingen/<int:pk>/warme-overdracht/", v.warme_overdracht_view, name="warme_overdracht"),
    path(
        "aanmeldingen/<int:pk>/warme-overdracht/gehouden/",
        v.warme_overdracht_gehouden_view,
        name="warme_overdracht_gehouden",
    ),
    path("aanmeldingen/<int:pk>/documenten/", v.documenten_view, name="documenten"),
    path("terugkoppeling/", v.terugkoppeling, name="terugkoppeling"),
    path("no-shows/", v.noshow, name="noshow"),
    path("opleidingen/", v.opleidingen, name="opleidingen"),
    path("opleidingen/nieuw/", v.opleiding_nieuw, name="opleiding_nieuw"),
    path("opleidingen/import/", v.opleiding_import, name="opleiding_import"),
    path("opleidingen/<int:pk>/", v.opleiding_bewerken, name="opleiding_bewerken"),
    path("opleidingen/<int:pk>/sluiten/", v.opleiding_sluiten_view, name="opleiding_sluiten"),
    path("opleidingen/<int:pk>/verwijderen/", v.opleiding_verwijderen_view, name="opleiding_verwijderen"),
]
