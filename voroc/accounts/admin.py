from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Lidmaatschap, Locatie, Organisatie, Rol, User


class LidmaatschapInline(admin.TabularInline):
    model = Lidmaatschap
    extra = 0
    readonly_fields = ("organisatie", "rol")
    can_delete = False  # through the servicedesk's services, which keep guardian in step


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "naam", "is_active", "last_login")
    search_fields = ("email", "naam")
    fieldsets = (
        (None, {"fields": ("email", "naam", "password", "is_active", "is_staff", "is_superuser", "last_login")}),
    )
    add_fieldsets = ((None, {"fields": ("email", "naam", "password1", "password2")}),)
    readonly_fields = ("last_login",)
    filter_horizontal = ()
    list_filter = ("is_active",)
    inlines = [LidmaatschapInline]


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ("naam", "soort", "brin", "vestiging", "cbs_code", "actief")
    list_filter = ("soort", "actief")
    search_fields = ("naam", "brin", "cbs_code")


admin.site.register(Locatie)
admin.site.register(Rol)
