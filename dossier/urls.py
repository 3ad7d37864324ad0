from django.urls import path

from dossier import views

# Not namespaced: `home` is every page's way back.
urlpatterns = [
    path("", views.home, name="home"),
    path("hulp/", views.hulp, name="hulp"),
    path("cijfers/", views.cijfers, name="cijfers"),
    path("cijfers/export/<slug:tabel>/", views.cijfers_export, name="cijfers_export"),
    path("inzage/<int:pk>/", views.inzage, name="inzage"),
    path("inzage/<int:pk>/pdf/", views.inzage_pdf, name="inzage_pdf"),
]
