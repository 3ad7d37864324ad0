from django.urls import path

from . import views

app_name = "leerlingen"
urlpatterns = [
    path("", views.leerling_list, name="list"),
    path("export/", views.leerling_export, name="export"),
    path("<int:pk>/", views.leerling_detail, name="detail"),
    path("<int:pk>/elders/", views.elders, name="elders"),
    path("<int:pk>/vertrek/", views.vertrek, name="vertrek"),
    path("<int:pk>/vertrek/ongedaan/", views.vertrek_ongedaan, name="vertrek_ongedaan"),
    path("<int:pk>/bewerken/", views.leerling_bewerken, name="bewerken"),
    path("nieuw/", views.leerling_nieuw, name="nieuw"),
    path("mentor/", views.mentor_toewijzen, name="mentor_toewijzen"),
    path("diploma/", views.diploma_klas, name="diploma"),
    path("diploma/import/", views.diploma_import, name="diploma_import"),
    path("juni-controle/", views.juni_controle, name="juni_controle"),
    path("juni-controle/elders/", views.juni_controle_elders, name="juni_controle_elders"),
    path("import/", views.import_start, name="import_start"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("import/<int:pk>/koppelen/", views.import_koppelen, name="import_koppelen"),
    path("import/<int:pk>/status/", views.import_status, name="import_status"),
    path("import/<int:pk>/bevestigen/", views.import_bevestigen, name="import_bevestigen"),
]
