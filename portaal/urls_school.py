"""The school's side of the portal on the pupil's page (namespace `portaal_school`): the pupil's
portal page, turning wishes into applications, inviting and removing parents."""

from django.urls import path

from . import views_school

app_name = "portaal_school"
urlpatterns = [
    path("<int:pk>/portaal/", views_school.leerling_portaal, name="leerling"),
    path("<int:pk>/portaal/wensen-omzetten/", views_school.wensen_omzetten, name="wensen_omzetten"),
    path("<int:pk>/portaal/ouder-uitnodigen/", views_school.ouder_uitnodigen, name="ouder_uitnodigen"),
    path("<int:pk>/portaal/ouders/<int:toegang>/intrekken/", views_school.ouder_intrekken, name="ouder_intrekken"),
]
