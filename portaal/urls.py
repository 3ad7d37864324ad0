from django.urls import include, path

from . import activatie, views

app_name = "portaal"
urlpatterns = [
    path("", views.home, name="home"),
    path("activeren/", activatie.activeren, name="activeren"),
    path("activeren/account/", activatie.activeren_account, name="activeren_account"),
    path("<int:pk>/", views.leerling, name="leerling"),
    path("<int:pk>/wie-zag/", views.wie_zag, name="wie_zag"),
    # The parent's pages and the pupil's own part of the form.
    path("", include("portaal.urls_ouder")),
]
