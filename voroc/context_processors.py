from django.conf import settings

from voroc.navigation import menu_for


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"VOROC_DEMO": settings.VOROC_DEMO}
    return {"menu": menu_for(request), "VOROC_DEMO": settings.VOROC_DEMO}
