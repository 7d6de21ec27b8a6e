"""Logging helpers referred to from ``settings.LOGGING``."""

import logging


class ForbiddenInOneLine(logging.Filter):
    """A refused request (403) is an expected event, not a bug: Django logs it with the
    ``PermissionDenied`` traceback; this keeps the one line (method, path, status) only."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
