"""One JSON object per line on stdout, for Django's and gunicorn's events alike."""

import json
import logging
from datetime import UTC, datetime

# Attributes every LogRecord has: everything else was passed with `extra=`.
_STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        event = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            event.update(_access_fields(record.args))
        else:
            event["message"] = record.getMessage()
            request = getattr(record, "request", None)
            path = getattr(request, "path", None)
            if path is not None:
                event["method"] = request.method
                event["path"] = path
            if hasattr(record, "status_code"):
                event["status"] = record.status_code
            for name, value in vars(record).items():
                if name not in _STANDARD_ATTRIBUTES and name not in ("request", "status_code"):
                    event.setdefault(name, value)
        if record.exc_info:
            event["exception"] = self.formatException(record.exc_info)
        return json.dumps(event, ensure_ascii=False, default=str)


def _access_fields(atoms):
    """gunicorn passes the access-log atoms as a dict: keep the useful, non-personal ones."""
    query = atoms.get("q") or ""
    return {
        "message": "request",
        "method": atoms.get("m"),
        "path": atoms.get("U") + (f"?{query}" if query else ""),
        "status": int(atoms["s"]) if str(atoms.get("s", "")).isdigit() else atoms.get("s"),
        "bytes": atoms.get("B"),
        "duration_ms": round(int(atoms.get("D", 0)) / 1000, 1),
    }


class WithoutNotFound(logging.Filter):
    """Leaves out Django's « Not Found » warning: the access log already has one line for
    each missing address, and bots ask for thousands of them (a second line, formatted
    and written, was a tenth of a 404's time). Other client and server errors stay."""

    def filter(self, record):
        return not (record.name == "django.request" and getattr(record, "status_code", 0) == 404)
