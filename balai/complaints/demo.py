"""Demo complaints for Kabupaten Mojokerto: categories, routing rules, a RW head, one
complaint that went through the whole lifecycle and a few still open, and one Open311
client. Runs after the core demo (regions, offices, staff); idempotent.

The story: an anonymous report about a broken drain in the first RT of Tawangrejo, filed
on the portal, routed to the RW head (drains go to the RW in Tawangrejo), moved up to the
village office when the RW head let the verification limit pass, visited, resolved and
confirmed by the reporter. Each demo complaint is found again by its title and location,
so a second run files nothing.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from balai.accounts.models import User
from balai.offices.constants import Agency, OfficeKind
from balai.offices.models import Office
from balai.regions.models import Region
from balai.workdays.calendar import local_date, office_time_zone

from .constants import Action, IntakeChannel, Level, ReportType
from .models import Category, Complaint, Open311Client, RoutingRule
from .services import (
    Reporter,
    complete_visit,
    file_complaint,
    perform,
    plan_visit,
    record_arrival,
    run_time_limits,
)

__all__ = ["build_complaint_demo"]

TAWANGREJO = "35.16.01.2001"
REJOSARI = "35.16.01.2002"
FIRST_RT = "35.16.01.2001.D01.RW001.RT001"
FIRST_RW = "35.16.01.2001.D01.RW001"
RW_HEAD = ("ketua.rw001", "Hadi Purnomo")
RT_HEAD_USERNAME = "ketua.rt001"  # from the core demo; the RW head shares its password
VILLAGE_OFFICER = "petugas.tawangrejo"
REJOSARI_OFFICER = "petugas.rejosari"
OPEN311_CLIENT = "Aplikasi Kota Cerdas (demo)"

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass(frozen=True)
class CategorySpec:
    code: str
    name: str
    level: int | None = None  # the rule everywhere; None: no rule (the village office)
    agency: str = ""
    report_type: str = ReportType.COMPLAINT
    is_hotline: bool = False
    description: str = ""


CATEGORIES = [
    CategorySpec(
        "saluran-air",
        "Saluran air dan drainase",
        Level.RT,
        description="Selokan tersumbat, saluran jebol, genangan.",
    ),
    CategorySpec("jalan-rusak", "Jalan rusak", Level.VILLAGE, description="Jalan desa berlubang."),
    CategorySpec("lampu-jalan", "Lampu jalan", Level.VILLAGE, description="Penerangan jalan umum."),
    CategorySpec("sampah", "Sampah dan kebersihan", Level.RW),
    CategorySpec(
        "pelayanan-administrasi",
        "Pelayanan administrasi",
        Level.VILLAGE,
        description="Surat, antrean, sikap petugas, pungutan.",
    ),
    CategorySpec("izin-usaha", "Perizinan usaha", Level.AGENCY, agency=Agency.DPMPTSP),
    CategorySpec("kesehatan", "Layanan kesehatan", Level.AGENCY, agency=Agency.DINKES),
    CategorySpec(
        "hotline-bupati",
        "Hotline Bupati",
        is_hotline=True,
        description="Langsung ke Kantor Bupati.",
    ),
    CategorySpec("aspirasi", "Aspirasi dan usulan", report_type=ReportType.ASPIRATION),
    CategorySpec(
        "permintaan-informasi", "Permintaan informasi", report_type=ReportType.INFORMATION
    ),
]
# Rules for one area, over the category's rule everywhere.
AREA_RULES = [("saluran-air", TAWANGREJO, Level.RW, "")]

STORY_TITLE = "Saluran air rusak di RT 001"
STORY_TEXT = (
    "Saluran air di gang depan mushola RT 001 jebol sepanjang kurang lebih 5 meter. "
    "Setiap hujan airnya meluap ke jalan dan masuk ke halaman rumah warga."
)
# Around the middle of Tawangrejo; the points are illustrative.
STORY_POINT = (Decimal("-7.593120"), Decimal("112.452310"))


@dataclass(frozen=True)
class OpenSpec:
    title: str
    text: str
    category: str
    region: str
    reporter: Reporter
    confidential: bool = False
    channel: str = IntakeChannel.WEB
    # Actions done by the village officer after intake, in order, with their notes.
    steps: tuple[tuple[str, str], ...] = ()


OPEN_COMPLAINTS = [
    OpenSpec(
        "Lampu jalan padam di Dusun Sumberjo",
        "Tiga lampu jalan di jalan utama Dusun Sumberjo padam sejak dua minggu. "
        "Malam hari jalan gelap dan rawan kecelakaan.",
        "lampu-jalan",
        "35.16.01.2001.D02",
        Reporter(name="Wahyuni", email="wahyuni@warga.example"),
    ),
    OpenSpec(
        "Jalan berlubang di depan SDN Rejosari",
        "Jalan di depan SDN Rejosari berlubang besar dan tergenang saat hujan; "
        "anak-anak sekolah harus berjalan di tepi sawah.",
        "jalan-rusak",
        REJOSARI,
        Reporter(name="Mulyono", phone="0812-0000-7001"),
        channel=IntakeChannel.WALK_IN,
        steps=(
            (Action.ACCEPT, ""),
            (Action.FOLLOW_UP, "Penambalan dengan sirtu oleh warga dan perangkat desa."),
        ),
    ),
    OpenSpec(
        "Dugaan pungutan pada pengurusan surat pengantar",
        "Saat mengurus surat pengantar SKCK saya diminta membayar Rp50.000 tanpa kuitansi.",
        "pelayanan-administrasi",
        TAWANGREJO,
        Reporter(name="Warga Tawangrejo", email="pelapor.tawangrejo@warga.example"),
        confidential=True,
        steps=((Action.ACCEPT, ""),),
    ),
]


class _Counts(dict):
    def add(self, label: str, status: str) -> None:
        self.setdefault(label, {CREATED: 0, UPDATED: 0, UNCHANGED: 0})[status] += 1


def build_complaint_demo() -> dict:
    """Write the demo; return, per kind of row, how many were created, updated or unchanged.

    The Open311 client's key is issued once and never shown: an administrator issues a new
    one in the admin when an application needs it.
    """
    counts = _Counts()
    village_office = Office.objects.filter(region_id=TAWANGREJO, kind=OfficeKind.VILLAGE).first()
    if village_office is None or not Region.objects.filter(code=FIRST_RT).exists():
        return counts  # the core demo has not run: nothing to build on
    with transaction.atomic():
        categories = _write_categories(counts)
        rw_head = _write_rw_head(village_office, counts)
        _write_story(categories["saluran-air"], rw_head, counts)
        for spec in OPEN_COMPLAINTS:
            _write_open(spec, categories[spec.category], counts)
        _write_open311_client(counts)
    return counts


def _write_categories(counts) -> dict[str, Category]:
    has_office = set(
        Office.objects.filter(kind=OfficeKind.AGENCY, active=True).values_list("agency", flat=True)
    )
    written = {}
    for position, spec in enumerate(CATEGORIES):
        category, created = Category.objects.get_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "description": spec.description,
                "report_type": spec.report_type,
                "is_hotline": spec.is_hotline,
                "position": position,
            },
        )
        counts.add("categories", CREATED if created else UNCHANGED)
        written[spec.code] = category
        level, agency = spec.level, spec.agency
        if level == Level.AGENCY and agency not in has_office:
            # No such agency office in this deployment: the village office handles it.
            level, agency = Level.VILLAGE, ""
        if level is not None:
            _write_rule(category, None, level, agency, counts)
    for code, region, level, agency in AREA_RULES:
        _write_rule(written[code], region, level, agency, counts)
    return written


def _write_rule(category, region_code, level, agency, counts) -> None:
    rule = RoutingRule.objects.filter(category=category, region_id=region_code).first()
    if rule is None:
        RoutingRule.objects.create(
            category=category, region_id=region_code, level=level, agency=agency
        )
        counts.add("routing rules", CREATED)
    else:
        # An administrator may have changed the rule since: theirs stands.
        counts.add("routing rules", UNCHANGED)


def _write_rw_head(office, counts) -> User:
    """The RW head who handles the drain story: a persona of the core demo."""
    user = User.objects.get(username=RW_HEAD[0])
    counts.add("users", UNCHANGED)
    return user


def _write_story(drains, rw_head, counts) -> None:
    if Complaint.objects.filter(title=STORY_TITLE, region_id=FIRST_RT).exists():
        counts.add("complaints", UNCHANGED)
        return
    officer = User.objects.get(username=VILLAGE_OFFICER)
    latitude, longitude = STORY_POINT
    complaint = file_complaint(
        category=drains,
        title=STORY_TITLE,
        text=STORY_TEXT,
        region=Region.objects.get(code=FIRST_RT),
        channel=IntakeChannel.WEB,
        reporter=Reporter(anonymous=True),
        address="Gang Mushola Al-Ikhlas, RT 001 RW 001",
        latitude=latitude,
        longitude=longitude,
    ).complaint
    counts.add("complaints", CREATED)
    _let_the_limit_pass(complaint)
    complaint.refresh_from_db()

    perform(complaint, Action.ACCEPT, actor=officer)
    complaint = perform(
        complaint,
        Action.FOLLOW_UP,
        actor=officer,
        note="Cek lapangan, lalu perbaikan saluran dengan dana pemeliharaan desa.",
    )
    today = local_date(timezone.now(), complaint.office)
    visit = plan_visit(complaint, officer, officer, today)
    record_arrival(visit, officer, latitude, longitude)
    complete_visit(
        visit,
        officer,
        "Saluran jebol 5 m di depan mushola; tukang desa memasang buis beton baru.",
    )
    perform(
        complaint,
        Action.RESOLVE,
        actor=officer,
        note="Saluran diperbaiki dengan buis beton sepanjang 5 m; air kembali mengalir.",
    )
    perform(complaint, Action.CONFIRM, reporter=True)


def _let_the_limit_pass(complaint) -> None:
    """Run the periodic job as if it were the morning after the verification limit.

    Only when no other open complaint's limit falls before that morning: the job would
    escalate those too. Otherwise the same escalation is fired for this complaint alone.
    """
    zone = ZoneInfo(office_time_zone(complaint.office))
    morning = datetime.combine(complaint.limit_due + timedelta(days=1), time(8), tzinfo=zone)
    others_due = (
        Complaint.objects.open()
        .exclude(limit="")
        .exclude(pk=complaint.pk)
        .filter(limit_due__lt=morning.date())
    )
    if not others_due.exists():
        run_time_limits(now=morning)
        return
    perform(complaint, Action.ESCALATE, system=True, note="Batas verifikasi terlewati.")


def _write_open(spec: OpenSpec, category, counts) -> None:
    region = Region.objects.get(code=spec.region)
    if Complaint.objects.filter(title=spec.title, region=region).exists():
        counts.add("complaints", UNCHANGED)
        return
    complaint = file_complaint(
        category=category,
        title=spec.title,
        text=spec.text,
        region=region,
        channel=spec.channel,
        reporter=spec.reporter,
        confidential=spec.confidential,
    ).complaint
    counts.add("complaints", CREATED)
    if spec.steps:
        username = VILLAGE_OFFICER if spec.region.startswith(TAWANGREJO) else REJOSARI_OFFICER
        officer = User.objects.get(username=username)
        for action, note in spec.steps:
            perform(complaint, action, actor=officer, note=note)


def _write_open311_client(counts) -> None:
    if Open311Client.objects.filter(name=OPEN311_CLIENT).exists():
        counts.add("open311 clients", UNCHANGED)
        return
    from .open311 import issue_key

    client = Open311Client(name=OPEN311_CLIENT, contact="kota-cerdas@mojokertokab.example")
    issue_key(client)  # the raw key is dropped on purpose: only its hash is kept
    counts.add("open311 clients", CREATED)
