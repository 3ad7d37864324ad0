from django.urls import path

from . import views_deel_a, views_ouders

# Included by portaal/urls.py in the namespace `portaal`, under /mijn/.
urlpatterns = [
    path("formulier/", views_deel_a.deel_a_formulier, name="deel_a"),
    path("wensen/", views_deel_a.wensen, name="wensen"),
    path("ouders/", views_ouders.ouders_lijst, name="ouders"),
    path("ouders/uitnodigen/", views_ouders.ouder_uitnodigen, name="ouder_uitnodigen"),
    path("ouders/<int:pk>/verwijderen/", views_ouders.ouder_verwijderen, name="ouder_verwijderen"),
    path("zienswijze/", views_ouders.zienswijze, name="zienswijze"),
    path("berichten/", views_ouders.ouder_berichten, name="ouder_berichten"),
]
