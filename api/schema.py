"""The bearer token in the OpenAPI schema (registered by importing this module: api.apps)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiClientAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiClientAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Het token van een API-client; de servicedesk maakt het aan.",
        }
