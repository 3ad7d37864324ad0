"""The school's side of the portal: activating pupils' accounts (namespace `portaal_activatie`)."""

from django.urls import path

from . import activatie_school

app_name = "portaal_activatie"
urlpatterns = [
    path("activeren/", activatie_school.groep_activeren, name="groep_activeren"),
    path("<int:pk>/activeren/", activatie_school.leerling_activeren, name="leerling_activeren"),
]
