"""A rate limit per API client (VOROC_API_RATE, REST_FRAMEWORK's "api_client" rate)."""

from rest_framework.throttling import SimpleRateThrottle


class ApiClientThrottle(SimpleRateThrottle):
    scope = "api_client"

    def get_cache_key(self, request, view):
        client = getattr(request, "auth", None)
        if client is None or not hasattr(client, "pk"):
            return None  # unauthenticated requests end in a 401 anyway; the docs are not limited
        return self.cache_format % {"scope": self.scope, "ident": f"client-{client.pk}"}
