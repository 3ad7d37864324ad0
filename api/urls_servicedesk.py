"""Included in servicedesk.urls (namespace "servicedesk")."""

from django.urls import path

from . import views_servicedesk as views
from . import views_webhooks

urlpatterns = [
    path("", views.apiclient_list, name="apiclients"),
    path("nieuw/", views.apiclient_create, name="apiclient_create"),
    path("<int:pk>/", views.apiclient_detail, name="apiclient"),
    path("<int:pk>/vernieuwen/", views.apiclient_rotate, name="apiclient_rotate"),
    path("<int:pk>/intrekken/", views.apiclient_revoke, name="apiclient_revoke"),
    path("<int:pk>/webhook/", views_webhooks.apiclient_webhook, name="apiclient_webhook"),
]
