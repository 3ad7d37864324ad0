from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from voroc.accounts.models import Lidmaatschap
from voroc.dashboard import dashboard_for


@login_required
@require_GET
def home(request):
    context = dashboard_for(request.user)
    context["lidmaatschappen"] = Lidmaatschap.objects.filter(user=request.user).select_related("organisatie", "rol")
    return render(request, "home.html", context)
