from django.urls import include, path

app_name = "portaal"
urlpatterns = [path("", include("portaal.urls_ouder"))]
