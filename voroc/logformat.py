"""Log lines carry UTC time stamps (SECURITY.md R12), whatever the server's time zone."""
import logging
import time


class UTCFormatter(logging.Formatter):
    converter = time.gmtime
    default_msec_format = "%s.%03dZ"
