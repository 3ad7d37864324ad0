from django.urls import path

from . import views, views_deel_a, views_ouders

# Included by portaal/urls.py in the namespace `portaal`, under /mijn/. Every page about a pupil
# carries it (`<pk>`): a parent of several children chooses on /mijn/.
urlpatterns = [
    path("<int:pk>/formulier/", views_deel_a.deel_a_formulier, name="deel_a"),
    path("<int:pk>/wensen/", views_deel_a.wensen, name="wensen"),
    path("<int:pk>/ouders/", views_ouders.ouders_lijst, name="ouders"),
    path("<int:pk>/ouders/uitnodigen/", views_ouders.ouder_uitnodigen, name="ouder_uitnodigen"),
    path("<int:pk>/ouders/<int:toegang>/verwijderen/", views_ouders.ouder_verwijderen, name="ouder_verwijderen"),
    path("<int:pk>/zienswijze/", views_ouders.zienswijze, name="zienswijze"),
    path("<int:pk>/berichten/", views_ouders.ouder_berichten, name="ouder_berichten"),
    path("code/", views_ouders.code_invoeren, name="code_invoeren"),
    # The URLs from before the pages carried the pupil (bookmarks, mails, open pages): with one
    # pupil on to its page, with several to the chooser (views.oude_url).
    path("formulier/", views.oude_url, {"naar": "deel_a"}, name="oud_deel_a"),
    path("wensen/", views.oude_url, {"naar": "wensen"}, name="oud_wensen"),
    path("ouders/", views.oude_url, {"naar": "ouders"}, name="oud_ouders"),
    path("ouders/uitnodigen/", views.oude_url, {"naar": "ouder_uitnodigen"}, name="oud_ouder_uitnodigen"),
    path(
        "ouders/<int:toegang>/verwijderen/",
        views.oude_url,
        {"naar": "ouder_verwijderen"},
        name="oud_ouder_verwijderen",
    ),
    path("zienswijze/", views.oude_url, {"naar": "zienswijze"}, name="oud_zienswijze"),
    path("berichten/", views.oude_url, {"naar": "ouder_berichten"}, name="oud_ouder_berichten"),
]
