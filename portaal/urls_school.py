"""The school's side of the portal, on the pupil's pages under /leerlingen/ (namespace
`portaal_school`): activating pupils' accounts, the pupil's portal page, wishes, parents."""

from django.urls import path

from . import activatie_school, views_school

app_name = "portaal_school"
urlpatterns = [
    path("portaal/activeren/", activatie_school.groep_activeren, name="groep_activeren"),
    path("<int:pk>/portaal/activeren/", activatie_school.leerling_activeren, name="leerling_activeren"),
    path("<int:pk>/portaal/", views_school.leerling_portaal, name="leerling"),
    path("<int:pk>/portaal/wensen-omzetten/", views_school.wensen_omzetten, name="wensen_omzetten"),
    path("<int:pk>/portaal/ouder-uitnodigen/", views_school.ouder_uitnodigen, name="ouder_uitnodigen"),
    path("<int:pk>/portaal/ouders/<int:toegang>/intrekken/", views_school.ouder_intrekken, name="ouder_intrekken"),
]
