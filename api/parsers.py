"""JSON bodies with a size cap (VOROC_API_MAX_BODY_BYTES): a larger body is refused with 413
before it is read, and a body without a (truthful) length is never read past the cap."""

import io

from django.conf import settings
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser


class BodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Het verzoek is te groot."
    default_code = "te_groot"


class CappedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.VOROC_API_MAX_BODY_BYTES
        request = (parser_context or {}).get("request")
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
        except ValueError:
            length = 0
        if length > limit:
            raise BodyTooLarge(f"Het verzoek is te groot (hooguit {limit // 1024} kB).")
        body = stream.read(limit + 1) if stream is not None else b""
        if len(body) > limit:
            raise BodyTooLarge(f"Het verzoek is te groot (hooguit {limit // 1024} kB).")
        return super().parse(io.BytesIO(body), media_type, parser_context)
