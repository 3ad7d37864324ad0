import factory

from terugkoppeling.models import Notificatie
from tests.factories import UserFactory


class NotificatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notificatie

    user = factory.SubFactory(UserFactory)
    soort = "terugkoppeling"
    status = "in_behandeling"
    mail_status = "geen"
