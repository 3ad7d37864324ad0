"""Read-only views for support: the reminder log and the outbox state (superusers only)."""

from django.contrib import admin

from .models import Herinnering, Notificatie


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Herinnering)
class HerinneringAdmin(ReadOnly):
    list_display = ("mijlpaal", "schooljaar", "user", "aantal", "aangemaakt")
    list_filter = ("mijlpaal", "schooljaar")
    list_select_related = ("schooljaar", "user")


@admin.register(Notificatie)
class NotificatieAdmin(ReadOnly):
    list_display = ("soort", "status", "user", "aangemaakt", "gelezen_op", "mail_status", "mail_verzonden_op")
    list_filter = ("soort", "mail_status")
    list_select_related = ("user",)
    fields = ("soort", "status", "user", "aangemaakt", "gelezen_op", "mail_status", "mail_verzonden_op")
