"""How the application's log lines look: UTC time stamps (accountability), and no query strings.

Search forms send what was searched for (a pupil's name) as a query string. `StripQueryStrings`
removes the query string from every URL in every line the application logs, whichever logger wrote
it (Django's request and development-server lines included); the access log of the web server in
front is configured the same way (docs: deployment).
"""

import logging
import re
import time

# A path followed by "?" and the query, up to a space or quote.
QUERY_STRING = re.compile(r"(/[^\s?\"'<>]*)\?[^\s\"'<>]*")


class UTCFormatter(logging.Formatter):
    converter = time.gmtime
    default_msec_format = "%s.%03dZ"


def strip_query_strings(text: str) -> str:
    return QUERY_STRING.sub(r"\1", text)


class StripQueryStrings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        stripped = strip_query_strings(message)
        if stripped != message:
            record.msg, record.args = stripped, None
        return True
