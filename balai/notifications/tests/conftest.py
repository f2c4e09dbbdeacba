import datetime

import pytest

from balai.notifications.gateways import DeliveryError, Gateway

PHONE = "+6281234567890"
EMAIL = "siti.aminah@contoh.id"

REQUEST_CONTEXT = {
    "code": "KX7P-Q3",
    "service_name": "Surat Keterangan Tidak Mampu",
    "due_date": datetime.date(2026, 3, 26),
    "track_url": "https://balai.example/lacak/KX7P-Q3",
    "note": "Foto KK buram, mohon unggah ulang.",
    "office_name": "Kantor Desa Tawangrejo",
    "office_hours": "Senin–Jumat 08.00–15.00",
    "url": "https://balai.example/kerja/permohonan/12",
}


class RecordingGateway(Gateway):
    """Keeps what it was asked to send; fails the next `failures_left` sends.

    Its error quotes the number, as real providers do, so tests see it scrubbed.
    """

    sent: list = []
    failures_left = 0

    def send(self, message):
        if RecordingGateway.failures_left:
            RecordingGateway.failures_left -= 1
            raise DeliveryError(f"nomor {message.recipient} (0{message.recipient[3:]}) ditolak")
        RecordingGateway.sent.append((message.channel, message.recipient, message.body))


@pytest.fixture
def gateway(settings):
    path = f"{__name__}.RecordingGateway"
    settings.NOTIFY_SMS_GATEWAY = path
    settings.NOTIFY_WHATSAPP_GATEWAY = path
    RecordingGateway.sent = []
    RecordingGateway.failures_left = 0
    return RecordingGateway
