from django.urls import include, path

from . import views

app_name = "servicedesk"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("organisaties/", views.organisatie_list, name="organisaties"),
    path("organisaties/nieuw/<slug:soort>/", views.organisatie_create, name="organisatie_create"),
    path("organisaties/<int:pk>/", views.organisatie_detail, name="organisatie"),
    path("organisaties/<int:pk>/locaties/", views.locatie_create, name="locatie_create"),
    path("organisaties/<int:pk>/inloggen/", views.identiteitsprovider_list, name="identiteitsproviders"),
    path("identiteitsproviders/<int:pk>/", views.identiteitsprovider_detail, name="identiteitsprovider"),
    path("locaties/<int:pk>/verwijderen/", views.locatie_delete, name="locatie_delete"),
    path("schooljaren/", views.schooljaar_list, name="schooljaren"),
    path("schooljaren/<int:pk>/", views.schooljaar_detail, name="schooljaar"),
    path("schooljaren/<int:pk>/activeren/", views.schooljaar_activate, name="schooljaar_activate"),
    path("referentie/", views.referentie, name="referentie"),
    path("accounts/", views.account_list, name="accounts"),
    path("accounts/uitnodigen/", views.account_invite, name="account_invite"),
    path("accounts/<int:pk>/", views.account_detail, name="account"),
    path("accounts/<int:pk>/rol/", views.account_grant, name="account_grant"),
    path("accounts/<int:pk>/rol/<int:lid>/intrekken/", views.account_revoke, name="account_revoke"),
    path("accounts/<int:pk>/deactiveren/", views.account_deactivate, name="account_deactivate"),
    path("accounts/<int:pk>/activeren/", views.account_reactivate, name="account_reactivate"),
    path("accounts/<int:pk>/tweestaps-resetten/", views.account_reset_2fa, name="account_reset_2fa"),
    path("accounts/<int:pk>/deblokkeren/", views.account_unlock, name="account_unlock"),
    path("api-clients/", include("api.urls_servicedesk")),
]
