"""The invitation as a QR code to print on the receipt or show at the counter."""

import segno
from django.conf import settings
from django.urls import reverse

from .constants import Channel

CHANNEL_PARAM = "kanal"


def invitation_url(invitation, channel: str = Channel.LINK) -> str:
    """The full address of the survey; `channel` tells later how the citizen arrived."""
    path = reverse("surveys_public:survey", kwargs={"token": invitation.token})
    query = f"?{CHANNEL_PARAM}={channel}" if channel != Channel.LINK else ""
    return settings.SITE_URL.rstrip("/") + path + query


def invitation_qr_svg(invitation) -> str:
    """Inline SVG (no XML declaration), safe to place in a page or a printed receipt."""
    return segno.make(invitation_url(invitation, Channel.QR), error="m").svg_inline(
        scale=4, dark="#1c2430"
    )
