from django.urls import path

from . import views

app_name = "doorstroom"
urlpatterns = [
    path("leerling/<int:pk>/", views.formulier_detail, name="formulier"),
    path("leerling/<int:pk>/opslaan/", views.formulier_opslaan, name="opslaan"),
    path("leerling/<int:pk>/definitief/", views.formulier_definitief, name="definitief"),
    path("leerling/<int:pk>/heropenen/", views.formulier_heropenen, name="heropenen"),
    path("formulier/<int:pk>/pdf/", views.formulier_pdf, name="pdf"),
    path("formulier/<int:pk>/lob-paspoort/", views.lob_paspoort, name="lob_paspoort"),
    path("pdf-bundels/nieuw/", views.batch_nieuw, name="batch_nieuw"),
    path("pdf-bundels/<int:pk>/", views.batch_status, name="batch_status"),
    path("pdf-bundels/<int:pk>/download/", views.batch_download, name="batch_download"),
]
