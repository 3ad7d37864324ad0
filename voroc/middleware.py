"""Headers every response carries, the request id, NUL bytes refused, the client address from the
trusted proxy."""

import ipaddress
import re
import uuid

from django.conf import settings
from django.utils.cache import add_never_cache_headers

from voroc.logformat import request_id_var, user_id_var

REQUEST_ID_HEADER = "X-Request-ID"
# An id set by the proxy in front (nginx's $request_id) is kept when it looks like one.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Give every request an id that every log line of it carries, and return it in X-Request-ID.

    First in MIDDLEWARE, so that redirects and refusals of later middleware carry it too. The user
    id is added once authentication has run (process_view); both are cleared after the response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        id_token = request_id_var.set(request.request_id)
        user_token = user_id_var.set(None)
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request.request_id
            return response
        finally:
            request_id_var.reset(id_token)
            user_id_var.reset(user_token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user_id_var.set(user.pk)


class PrivacyHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        # Pages of signed-in users show pupil data: never store them in any cache.
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response


API_PREFIX = "/api/"


class RejectNulBytesMiddleware:
    """Refuse parameters with NUL bytes (400) before any view sees them.

    PostgreSQL cannot store or compare text with NUL, so such a value would end in a 500
    wherever a raw parameter reaches a query; Django's form fields refuse it already, this
    covers the rest (search boxes, sort keys, page numbers) in one place.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
            from django.http import HttpResponseBadRequest, JsonResponse
            from django.template.loader import render_to_string

            if request.path.startswith(API_PREFIX):  # the API answers JSON only, as its schema says
                return JsonResponse({"detail": "Het verzoek bevat een ongeldig teken (NUL)."}, status=400)
            return HttpResponseBadRequest(render_to_string("400.html"))
        return self.get_response(request)


def _has_nul(params) -> bool:
    return any("\x00" in key or any("\x00" in value for value in params.getlist(key)) for key in params)


class ClientAddressMiddleware:
    """REMOTE_ADDR becomes the client's address as the trusted reverse proxies report it; the
    X-Forwarded-For header is removed so that nothing further down (django-axes, auditlog, the
    access log) can read an address the client wrote itself.

    Each of the VOROC_TRUSTED_PROXIES proxies appends the address it received the request from,
    so the client is the N-th entry from the right. With 0 proxies the header is ignored; a
    header with fewer entries than proxies (or no valid address there) leaves REMOTE_ADDR as is.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        forwarded = request.META.pop("HTTP_X_FORWARDED_FOR", "")
        request.META.pop("HTTP_X_REAL_IP", None)
        proxies = settings.VOROC_TRUSTED_PROXIES
        if proxies and forwarded:
            hops = [hop.strip() for hop in forwarded.split(",")]
            if len(hops) >= proxies:
                candidate = hops[-proxies]
                try:
                    request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(candidate))
                except ValueError:
                    pass
        return self.get_response(request)
