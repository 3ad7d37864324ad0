from django.urls import path

from . import views

app_name = "rapportage"

urlpatterns = [
    path("", views.regio, name="regio"),
    path("export/<slug:tabel>/", views.export, name="export"),
    path("pdf/", views.pdf, name="pdf"),
]
