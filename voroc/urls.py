from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from voroc import views

urlpatterns = [
    path("", views.home, name="home"),
    path("account/", include("voroc.accounts.urls")),
    path("leerlingen/", include("leerlingen.urls")),
    path(f"{settings.ADMIN_URL}", admin.site.urls),
]
