from django.urls import path

from . import views

app_name = "leerlingen"
urlpatterns = [
    path("", views.leerling_list, name="list"),
    path("export/", views.leerling_export, name="export"),
    path("<int:pk>/", views.leerling_detail, name="detail"),
    path("<int:pk>/elders/", views.elders, name="elders"),
    path("diploma/", views.diploma_klas, name="diploma"),
    path("diploma/import/", views.diploma_import, name="diploma_import"),
    path("juni-controle/", views.juni_controle, name="juni_controle"),
]
