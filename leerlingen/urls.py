from django.urls import path

from . import views

app_name = "leerlingen"
urlpatterns = [
    path("", views.leerling_list, name="list"),
    path("<int:pk>/", views.leerling_detail, name="detail"),
]
