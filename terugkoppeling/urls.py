from django.urls import path

from . import views

app_name = "terugkoppeling"
urlpatterns = [
    path("", views.notificatie_list, name="list"),
    path("<int:pk>/", views.notificatie_detail, name="detail"),
    path("<int:pk>/gelezen/", views.notificatie_gelezen, name="gelezen"),
    path("<int:pk>/afgehandeld/", views.notificatie_afgehandeld, name="afgehandeld"),
    path("alle-gelezen/", views.notificaties_alle_gelezen, name="alle_gelezen"),
    path("voorkeuren/", views.voorkeuren, name="voorkeuren"),
    path("voorkeuren/testmail/", views.testmail, name="testmail"),
]
