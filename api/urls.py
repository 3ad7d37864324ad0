from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(authentication_classes=[], throttle_classes=[]), name="schema"),
    path("docs/", views.DocsView.as_view(url_name="api:schema"), name="docs"),
    path("aanmeldingen/", views.aanmeldingen, name="aanmeldingen"),
    path("aanmeldingen/<int:pk>/", views.aanmelding, name="aanmelding"),
    path("leerlingen/", views.leerlingen, name="leerlingen"),
    path("leerlingen/bulk/", views.leerlingen_bulk, name="leerlingen_bulk"),
    path("leerlingen/<int:pk>/", views.leerling, name="leerling"),
]
