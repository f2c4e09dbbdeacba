"""Gateways: the HTTP gateway posts JSON with its token and treats any non-2xx answer or an
unreachable server as a failed delivery; the console gateway shows the number masked."""

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from types import SimpleNamespace
from unittest import mock

import pytest

from balai.notifications.gateways import (
    ConsoleGateway,
    DeliveryError,
    DjangoMailGateway,
    HttpGateway,
    gateway_for,
)

from .conftest import PHONE

MESSAGE = SimpleNamespace(pk=7, channel="sms", recipient=PHONE, subject="", body="Halo dari Balai")


class Provider(BaseHTTPRequestHandler):
    """A provider that answers with `status` and remembers what it received."""

    status = 200
    received: list = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        Provider.received.append(
            {
                "path": self.path,
                "authorization": self.headers["Authorization"],
                "content_type": self.headers["Content-Type"],
                "json": json.loads(self.rfile.read(length)),
            }
        )
        self.send_response(Provider.status)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def provider_server():
    server = HTTPServer(("127.0.0.1", 0), Provider)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def provider(provider_server, settings):
    Provider.received = []
    Provider.status = 200
    settings.NOTIFY_HTTP_URL = f"http://127.0.0.1:{provider_server.server_port}/kirim"
    settings.NOTIFY_HTTP_TOKEN = "rahasia-uji"
    return Provider


def test_the_http_gateway_posts_json_with_the_bearer_token(provider):
    HttpGateway("sms").send(MESSAGE)
    assert provider.received == [
        {
            "path": "/kirim",
            "authorization": "Bearer rahasia-uji",
            "content_type": "application/json",
            "json": {"to": PHONE, "text": "Halo dari Balai", "channel": "sms"},
        }
    ]


@pytest.mark.parametrize("status", [400, 401, 500, 503])
def test_a_non_2xx_answer_is_a_failed_delivery(provider, status):
    provider.status = status
    with pytest.raises(DeliveryError, match=f"HTTP {status}"):
        HttpGateway("whatsapp").send(MESSAGE)


def test_an_unreachable_gateway_is_a_failed_delivery(settings):
    settings.NOTIFY_HTTP_URL = "http://127.0.0.1:9/kirim"
    with (
        mock.patch("urllib.request.urlopen", side_effect=TimeoutError("timed out")),
        pytest.raises(DeliveryError, match="tidak terjangkau"),
    ):
        HttpGateway("sms").send(MESSAGE)


def test_the_http_gateway_waits_ten_seconds_at_most(settings):
    settings.NOTIFY_HTTP_URL = "https://sms.example/kirim"
    response = mock.MagicMock(status=202)
    response.__enter__.return_value = response
    with mock.patch("urllib.request.urlopen", return_value=response) as urlopen:
        HttpGateway("sms").send(MESSAGE)
    assert urlopen.call_args.kwargs["timeout"] == 10


def test_the_http_gateway_refuses_to_run_without_a_url(settings):
    settings.NOTIFY_HTTP_URL = ""
    with pytest.raises(DeliveryError, match="NOTIFY_HTTP_URL"):
        HttpGateway("sms").send(MESSAGE)


def test_the_console_gateway_logs_the_body_and_a_masked_number(caplog):
    caplog.set_level(logging.INFO, logger="balai.notifications")
    ConsoleGateway("sms").send(MESSAGE)
    assert "+62812••••7890" in caplog.text
    assert "Halo dari Balai" in caplog.text
    assert PHONE not in caplog.text


def test_a_mail_failure_does_not_quote_the_address(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    email = SimpleNamespace(
        pk=8, channel="email", recipient="siti@contoh.id", subject="S", body="B"
    )
    refused = OSError("550 siti@contoh.id: no such user")
    with (
        mock.patch(
            "django.core.mail.backends.smtp.EmailBackend.send_messages", side_effect=refused
        ),
        pytest.raises(DeliveryError) as caught,
    ):
        DjangoMailGateway("email").send(email)
    assert "siti" not in str(caught.value)


def test_gateways_are_chosen_per_channel_in_settings(settings):
    settings.NOTIFY_SMS_GATEWAY = "http"
    settings.NOTIFY_WHATSAPP_GATEWAY = "console"
    assert isinstance(gateway_for("sms"), HttpGateway)
    assert isinstance(gateway_for("whatsapp"), ConsoleGateway)
    del settings.NOTIFY_SMS_GATEWAY
    assert isinstance(gateway_for("sms"), ConsoleGateway)
    assert isinstance(gateway_for("email"), DjangoMailGateway)
