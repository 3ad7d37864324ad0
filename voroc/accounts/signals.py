from django.contrib import messages


def say_goodbye(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "_messages"):
        messages.success(
            request, "U bent uitgelogd. Sluit ook het browservenster als u een gedeelde computer gebruikt."
        )


def stamp_login(sender, request, user, **kwargs):
    """Start the absolute session timeout and the re-authentication window."""
    import time

    from .middleware import AUTH_AT, LOGIN_AT

    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT] = now
        request.session[AUTH_AT] = now


# --- The guardian store follows the memberships and roles (voroc.accounts.groepen) --------------


def lidmaatschap_changed(sender, instance, **kwargs):
    """A membership written or deleted by any code: the user's groups follow in the same transaction."""
    from . import groepen

    groepen.gebruiker_sync(instance.user_id)


def rol_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A role's permission set changed (admin, shell): its groups follow, so every member at once."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from . import groepen
    from .models import Rol

    if reverse:  # permission.rol_set.add(...): `instance` is the permission
        rol_ids = set(pk_set) if pk_set else set(Rol.objects.values_list("pk", flat=True))
    else:
        rol_ids = {instance.pk}
    groepen.rolgroepen_sync(rol_ids=rol_ids)


def rolgroep_deleted(sender, instance, **kwargs):
    """A deleted pair (its organisation deleted) takes its group, members and object permissions along."""
    from django.contrib.auth.models import Group

    Group.objects.filter(pk=instance.groep_id).delete()
