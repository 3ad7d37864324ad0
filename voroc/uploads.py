"""An upload larger than VOROC_UPLOAD_MAX_BYTES is dropped while it streams in.

The web server refuses larger request bodies first (docs: `client_max_body_size`); this handler
keeps a server without that limit from writing an oversized file to disk. The file is skipped
(the form then reports it missing) and the user gets a message saying why.
"""

from django.conf import settings
from django.contrib import messages
from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class MaxSizeUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.VOROC_UPLOAD_MAX_BYTES:
            from voroc.tabular import size_text

            if self.request is not None and hasattr(self.request, "_messages"):
                limit = size_text(settings.VOROC_UPLOAD_MAX_BYTES)
                messages.error(self.request, f"Het bestand is te groot (maximaal {limit}).")
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handlers (memory or temporary file) keep the file
