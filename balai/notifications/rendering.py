"""Message texts from Django templates under `notifications/<key>.txt`.

Each key has a body (`<key>.txt`) and a subject for email (`<key>.subject.txt`). Templates
are plain text, so they are rendered without HTML escaping, always in the site's language
(dates as "26 Maret 2026"), whatever language the request that queued them used.
"""

import re
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.template import Context, Engine, TemplateDoesNotExist
from django.template.backends.django import get_installed_libraries
from django.utils import translation
from django.utils.translation import gettext as _

from .constants import SMS_MAX_CHARS, Channel

TEMPLATE_KEY = re.compile(r"[a-z0-9_]+")
BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


@cache
def text_engine() -> Engine:
    # The project's template folders and the apps', like the site's engine, but no escaping:
    # "&" in a service name must reach an SMS as "&", not "&amp;".
    dirs = [d for backend in settings.TEMPLATES for d in backend.get("DIRS", [])]
    return Engine(dirs=dirs, app_dirs=True, autoescape=False, libraries=get_installed_libraries())


def render_message(template: str, context: dict, channel: str) -> Rendered:
    if not TEMPLATE_KEY.fullmatch(template or ""):
        raise ValueError(_("Nama templat pesan tidak sah: %(key)s") % {"key": template})
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    with translation.override(settings.LANGUAGE_CODE):
        try:
            body = _render(f"notifications/{template}.txt", context)
        except TemplateDoesNotExist:
            raise ValueError(_("Templat pesan tidak ada: %(key)s") % {"key": template}) from None
        try:
            subject = " ".join(_render(f"notifications/{template}.subject.txt", context).split())
        except TemplateDoesNotExist:
            subject = ""
    if channel == Channel.SMS:
        # An SMS is one paragraph; a line break would cost characters for nothing.
        body = " ".join(body.split())
    if channel == Channel.SMS and len(body) > SMS_MAX_CHARS:
        body = body[: SMS_MAX_CHARS - 3].rstrip() + "..."
    return Rendered(subject=subject[:200], body=body)


def _render(name: str, context: dict) -> str:
    text = text_engine().get_template(name).render(Context(context, autoescape=False))
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return BLANK_LINES.sub("\n\n", "\n".join(lines))
