"""Where messages leave Balai: one gateway per channel, chosen in settings.

- `NOTIFY_EMAIL_BACKEND`: "django" (default: Django's mail with `DEFAULT_FROM_EMAIL`),
  "console" or "http".
- `NOTIFY_SMS_GATEWAY`, `NOTIFY_WHATSAPP_GATEWAY`: "console" (default: writes the message to
  the log with the recipient masked) or "http" (POST JSON `{"to", "text", "channel"}` to
  `NOTIFY_HTTP_URL` with `Authorization: Bearer NOTIFY_HTTP_TOKEN`).

Any of them may also be the dotted path of a class taking the channel. A gateway's `send`
raises `DeliveryError` when the message did not leave; the text of that error is stored, so
it must not contain the recipient.
"""

import json
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from .constants import Channel
from .recipients import mask_recipient

logger = logging.getLogger("balai.notifications")

HTTP_TIMEOUT_SECONDS = 10
SETTING_OF_CHANNEL = {
    Channel.EMAIL: ("NOTIFY_EMAIL_BACKEND", "django"),
    Channel.SMS: ("NOTIFY_SMS_GATEWAY", "console"),
    Channel.WHATSAPP: ("NOTIFY_WHATSAPP_GATEWAY", "console"),
}


class DeliveryError(Exception):
    """The gateway did not take the message; it may be tried again later."""


class Gateway:
    def __init__(self, channel: str):
        self.channel = channel

    def send(self, message) -> None:
        raise NotImplementedError


class DjangoMailGateway(Gateway):
    def send(self, message) -> None:
        try:
            send_mail(
                message.subject or settings.SITE_NAME,
                message.body,
                settings.DEFAULT_FROM_EMAIL,
                [message.recipient],
                fail_silently=False,
            )
        except Exception as exc:
            # SMTP errors quote the refused address; keep only what kind of failure it was.
            raise DeliveryError(f"Surel gagal dikirim ({type(exc).__name__})") from exc


class ConsoleGateway(Gateway):
    """For development: the message goes to the log instead of a phone."""

    def send(self, message) -> None:
        logger.info(
            "[%s] pesan #%s ke %s:\n%s",
            self.channel,
            message.pk,
            mask_recipient(message.channel, message.recipient),
            message.body,
        )


class HttpGateway(Gateway):
    """A provider (or a small relay in front of one) that takes JSON over HTTPS."""

    def send(self, message) -> None:
        url = getattr(settings, "NOTIFY_HTTP_URL", "")
        if not url.startswith(("https://", "http://")):
            raise DeliveryError("NOTIFY_HTTP_URL belum diatur")
        payload = {"to": message.recipient, "text": message.body, "channel": message.channel}
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
            url,
            data=json.dumps(payload).encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {getattr(settings, 'NOTIFY_HTTP_TOKEN', '')}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as exc:
            raise DeliveryError(f"Gateway menjawab HTTP {exc.code}") from exc
        except urllib.error.URLError as exc:
            raise DeliveryError(f"Gateway tidak terjangkau ({type(exc.reason).__name__})") from exc
        except (TimeoutError, OSError) as exc:
            raise DeliveryError(f"Gateway tidak terjangkau ({type(exc).__name__})") from exc
        if not 200 <= status < 300:
            raise DeliveryError(f"Gateway menjawab HTTP {status}")


REGISTRY: dict[str, type[Gateway]] = {
    "django": DjangoMailGateway,
    "console": ConsoleGateway,
    "http": HttpGateway,
}


def gateway_for(channel: str) -> Gateway:
    setting, default = SETTING_OF_CHANNEL[Channel(channel)]
    name = getattr(settings, setting, default) or default
    gateway_class = REGISTRY.get(name) or import_string(name)
    return gateway_class(channel)
