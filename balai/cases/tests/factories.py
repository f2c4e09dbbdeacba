"""Requests for tests: a KK-like service going desa → kecamatan → Disdukcapil.

Besides filing, the helpers below drive a request into any status through `perform`, the
way officers would, so a test can start from "in process at the kecamatan" or "returned".
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from balai.cases.constants import Action
from balai.cases.services import Applicant, Upload, file_request, perform
from balai.catalog.tests.factories import published_service
from balai.offices.constants import Agency, OfficeKind

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

# The officer of the world who works each step of the KK service.
STEP_STAFF = {1: "officer_a", 2: "kecamatan_operator", 3: "disdukcapil_officer"}


def pdf(name="dokumen.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def kk_service(code="kk-uji", days=(1, 1, 1), **extra):
    """Three steps (desa, kecamatan, Disdukcapil) of `days` working days each."""
    village_days, kecamatan_days, agency_days = days
    return published_service(
        code=code,
        steps=[
            (OfficeKind.VILLAGE, "", village_days, "Verifikasi desa"),
            (OfficeKind.KECAMATAN, "", kecamatan_days, "Verifikasi kecamatan"),
            (OfficeKind.AGENCY, Agency.DISDUKCAPIL, agency_days, "Penerbitan"),
        ],
        **extra,
    )


def applicant(world, **extra):
    data = {
        "name": "Sri Wahyuni",
        "nik": "3516015708900002",
        "address": "Jl. Raya Tawangrejo 12",
        "region": world.regions.desa_a,
        "phone": "081234567890",
        "email": "sri@example.id",
    }
    return Applicant(**(data | extra))


def filed_request(world, service=None, actor=None, **extra):
    """A request filed by Desa A's officer for a citizen, submitted (step 1 at Desa A)."""
    service = service or kk_service()
    filed = file_request(
        service=service,
        applicant=extra.pop("applicant", None) or applicant(world),
        channel="assisted",
        actor=actor or world.officer_a,
        origin_office=world.offices.desa_a,
        **extra,
    )
    return filed.request


def output_upload():
    return [Upload(file=pdf("kk-baru.pdf"))]


def fresh(request):
    request.refresh_from_db()
    return request


# Driving a request into a status ---------------------------------------------------------


def draft_request(world, service=None):
    """Filed by Desa A's officer but not yet submitted."""
    return filed_request(world, service=service, submit=False)


def in_process(world, step=1, service=None):
    """Accepted at Desa A and forwarded until it waits at `step` (1, 2 or 3)."""
    request = filed_request(world, service=service)
    perform(request, Action.ACCEPT, actor=world.officer_a)
    for position in range(1, step):
        perform(request, Action.FORWARD, actor=getattr(world, STEP_STAFF[position]))
    return fresh(request)


def returned(world, step=None, service=None):
    """Returned for revision: while submitted (step=None) or in process at `step`."""
    request = (
        filed_request(world, service=service) if step is None else in_process(world, step, service)
    )
    staff = getattr(world, STEP_STAFF[step or 1])
    perform(request, Action.RETURN, actor=staff, note="Foto KK buram, mohon unggah ulang.")
    return fresh(request)


def completed(world, service=None):
    request = in_process(world, 3, service)
    perform(request, Action.COMPLETE, actor=world.disdukcapil_officer, uploads=output_upload())
    return fresh(request)


def handed_over(world, service=None):
    request = completed(world, service)
    perform(request, Action.HAND_OVER, actor=world.officer_a, handover_method="pickup")
    return fresh(request)


def closed(world, service=None):
    request = handed_over(world, service)
    perform(request, Action.CLOSE, actor=world.officer_a)
    return fresh(request)


def rejected(world, service=None):
    request = filed_request(world, service=service)
    perform(request, Action.REJECT, actor=world.kepala_desa_a, note="Bukan warga desa ini.")
    return fresh(request)


def cancelled(world, service=None):
    request = filed_request(world, service=service)
    perform(request, Action.CANCEL, applicant=True, note="Tidak jadi.")
    return fresh(request)
