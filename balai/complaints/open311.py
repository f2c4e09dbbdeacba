"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) over the complaints.

Services are the active complaint categories; service requests are the complaints that may
be public (`Complaint.objects.public()`: never confidential, never merged). Nothing about
the reporter ever leaves through Open311. The format is the path's extension (`.json` or
`.xml`); `jurisdiction_id` is the kabupaten code (`35.16` or `3516`).

Posting needs the `api_key` of a registered Open311 client. The location must be given as
`address_id`, the Kemendagri code of the village or kelurahan (down to RW/RT as registered
in Balai): a map point or an address alone cannot say which office is responsible.
"""

import hashlib
import secrets
from datetime import datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from xml.sax.saxutils import escape

from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from balai.lib import codes
from balai.offices.models import Office
from balai.regions.constants import Level as RegionLevel
from balai.regions.models import Region

from .constants import CLOSED_STATUSES, OPEN_STATUSES, IntakeChannel, Status
from .models import Category, Complaint, Open311Client
from .services import IntakeError, Reporter, file_complaint

FORMATS = ("json", "xml")
DEFAULT_DAYS = 90
MAX_REQUESTS = 1000

REQUEST_FIELDS = (
    "code",
    "status",
    "category_id",
    "text",
    "follow_up",
    "resolution",
    "address",
    "region_id",
    "latitude",
    "longitude",
    "received_at",
    "updated_at",
    "resolve_by",
    "office__name",
    "village__name",
    "village__kind",
    "village__level",
)


class Open311Error(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = description


# Rendering -------------------------------------------------------------------------------


def _render(fmt: str, data, root: str, item: str, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(
            _to_xml(data, root, item), content_type="text/xml; charset=utf-8", status=status
        )
    return JsonResponse(data, safe=False, status=status, json_dumps_params={"ensure_ascii": False})


def _to_xml(data, root: str, item: str) -> bytes:
    """The answer as XML, written out as text: ElementTree built 17,000 elements for a list
    of 1,000 requests only to serialise them again."""
    parts = ['<?xml version="1.0" encoding="utf-8"?>\n<', root, ">"]
    for entry in data if isinstance(data, list) else [data]:
        if item:
            parts += ["<", item, ">"]
        _fill(parts, entry)
        if item:
            parts += ["</", item, ">"]
    parts += ["</", root, ">"]
    return "".join(parts).encode()


def _fill(parts: list, entry: dict) -> None:
    for name, value in entry.items():
        if isinstance(value, list) and value:
            parts += ["<", name, ">"]
            element_name = name.removesuffix("s")
            for element in value:
                if isinstance(element, dict):
                    parts += ["<", element_name, ">"]
                    _fill(parts, element)
                    parts += ["</", element_name, ">"]
                else:
                    _element(parts, element_name, str(element))
            parts += ["</", name, ">"]
        elif isinstance(value, bool):
            _element(parts, name, "true" if value else "false")
        elif value is None or value == []:
            _element(parts, name, "")
        else:
            _element(parts, name, str(value))


def _element(parts: list, name: str, text: str) -> None:
    if text:
        parts += ["<", name, ">", escape(text), "</", name, ">"]
    else:
        parts += ["<", name, " />"]


def _errors(fmt: str, status: int, description: str) -> HttpResponse:
    # An unknown format still gets an answer a program can read.
    fmt = fmt if fmt in FORMATS else "json"
    return _render(fmt, [{"code": status, "description": description}], "errors", "error", status)


def open311_view(methods):
    """Check the format and turn `Open311Error` into the standard's error list."""

    def decorate(view):
        @csrf_exempt
        @require_http_methods(methods)
        def wrapper(request, fmt, **kwargs):
            try:
                if fmt not in FORMATS:
                    raise Open311Error(404, _("Format tidak dikenal: gunakan .json atau .xml."))
                _check_jurisdiction(request)
                return view(request, fmt, **kwargs)
            except Open311Error as error:
                return _errors(fmt, error.status, error.description)

        return wrapper

    return decorate


# Jurisdiction ----------------------------------------------------------------------------


def _check_jurisdiction(request) -> None:
    raw = (request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id") or "").strip()
    request.open311_prefix = ""
    if not raw:
        return
    code = _kabupaten_code(raw)
    served = (
        code
        and Region.objects.filter(code=code, level=RegionLevel.REGENCY).exists()
        and Office.objects.active()
        .filter(Q(region_id=code) | Q(region__code__startswith=code + "."))
        .exists()
    )
    if not served:
        raise Open311Error(404, _("jurisdiction_id tidak dilayani: gunakan kode kabupaten/kota."))
    request.open311_prefix = code + "."


def _kabupaten_code(raw: str) -> str:
    digits = raw.replace(".", "")
    if len(digits) != 4 or not digits.isdigit():
        return ""
    return f"{digits[:2]}.{digits[2:]}"


# Services --------------------------------------------------------------------------------


@open311_view(["GET"])
def services(request, fmt):
    found = Category.objects.filter(active=True).order_by("position", "name")
    data = [
        {
            "service_code": category.code,
            "service_name": category.name,
            "description": category.description,
            "metadata": False,
            "type": "realtime",
            "keywords": category.get_report_type_display(),
            "group": category.get_report_type_display(),
        }
        for category in found
    ]
    return _render(fmt, data, "services", "service")


@open311_view(["GET"])
def service_definition(request, fmt, service_code):
    if not Category.objects.filter(active=True, code=service_code).exists():
        raise Open311Error(404, _("service_code tidak ditemukan."))
    data = {"service_code": service_code, "attributes": []}
    return _render(fmt, data, "service_definition", "")


# Service requests ------------------------------------------------------------------------


@open311_view(["GET", "POST"])
def requests(request, fmt):
    if request.method == "POST":
        return _post_request(request, fmt)
    found = _public(request)
    wanted = _comma_list(request.GET.get("service_request_id"))
    if wanted:
        # The standard: with service_request_id, the other filters are ignored.
        found = found.filter(code__in=[codes.normalize(code) for code in wanted])
    else:
        found = _filtered(found, request.GET)
    rows = list(found.order_by("-received_at", "-id").values(*REQUEST_FIELDS)[:MAX_REQUESTS])
    return _render(fmt, _requests_out(rows), "service_requests", "request")


@open311_view(["GET"])
def request_detail(request, fmt, service_request_id):
    found = _public(request).filter(code=codes.normalize(service_request_id))
    rows = list(found.values(*REQUEST_FIELDS))
    if not rows:
        raise Open311Error(404, _("service_request_id tidak ditemukan."))
    return _render(fmt, _requests_out(rows), "service_requests", "request")


@open311_view(["GET"])
def token(request, fmt, token):
    # Requests are created at once, so the token is the service_request_id itself.
    code = codes.normalize(token)
    if not _public(request).filter(code=code).exists():
        raise Open311Error(404, _("token tidak ditemukan."))
    return _render(
        fmt, [{"service_request_id": code, "token": code}], "service_requests", "request"
    )


def _public(request):
    found = Complaint.objects.public()
    if request.open311_prefix:
        found = found.filter(region__code__startswith=request.open311_prefix)
    return found


def _filtered(found, params):
    service_codes = _comma_list(params.get("service_code"))
    if service_codes:
        # A sub-select, not a join: the (category, received_at) index stays usable.
        found = found.filter(category__in=Category.objects.filter(code__in=service_codes))
    statuses = _comma_list(params.get("status"))
    if set(statuses) - {"open", "closed"}:
        raise Open311Error(400, _("status harus open atau closed."))
    if statuses and len(set(statuses)) == 1:
        wanted = OPEN_STATUSES if statuses[0] == "open" else CLOSED_STATUSES
        found = found.filter(status__in=wanted)
    start = _moment(params.get("start_date"), "start_date")
    end = _moment(params.get("end_date"), "end_date")
    if start is None and end is None:
        start = timezone.now() - timedelta(days=DEFAULT_DAYS)
    if start is not None:
        found = found.filter(received_at__gte=start)
    if end is not None:
        found = found.filter(received_at__lte=end)
    return found


def _comma_list(raw) -> list[str]:
    return [part.strip() for part in (raw or "").split(",") if part.strip()]


def _moment(raw, name):
    """An ISO 8601 date or date-time; a date-time without a zone is local time."""
    if not raw:
        return None
    raw = raw.strip().replace(" ", "+")  # a "+07:00" offset arrives as a space when unescaped
    try:
        moment = parse_datetime(raw)
        if moment is None:
            day = parse_date(raw)
            moment = datetime.combine(day, time.min) if day else None
    except ValueError:
        moment = None
    if moment is None:
        raise Open311Error(400, _("%(name)s bukan tanggal ISO 8601.") % {"name": name})
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _requests_out(rows) -> list[dict]:
    """Service requests from `.values()` rows; the labels are looked up once per answer, not
    once per row (a lazy label costs a translation look-up each time it is read)."""
    categories = {
        pk: (name, code)
        for pk, name, code in Category.objects.filter(
            pk__in={row["category_id"] for row in rows}
        ).values_list("pk", "name", "code")
    }
    status_labels = {status: str(label) for status, label in Status.choices}
    place = _place_names()
    w3c = _LocalTimes()
    return [
        _request_out(row, categories[row["category_id"]], status_labels, place, w3c) for row in rows
    ]


def _request_out(row, category, status_labels, place, w3c) -> dict:
    is_open = row["status"] in OPEN_STATUSES
    resolve_by = row["resolve_by"]
    village = place(row["village__level"], row["village__kind"], row["village__name"])
    return {
        "service_request_id": row["code"],
        "status": "open" if is_open else "closed",
        "status_notes": _status_notes(row, status_labels),
        "service_name": category[0],
        "service_code": category[1],
        "description": row["text"],
        "agency_responsible": row["office__name"],
        "service_notice": "",
        "requested_datetime": w3c(row["received_at"]),
        "updated_datetime": w3c(row["updated_at"]),
        "expected_datetime": w3c.end_of(resolve_by) if is_open and resolve_by else None,
        "address": ", ".join(part for part in (row["address"], village) if part),
        "address_id": row["region_id"],
        "zipcode": "",
        "lat": _number(row["latitude"]),
        "long": _number(row["longitude"]),
        "media_url": "",
    }


def _place_names():
    """`str(region)` from a region's level, kind and name, with the kinds translated once."""
    kinds = {key: str(label) for key, label in Region._meta.get_field("kind").flatchoices}

    def name_of(level, kind, name):
        # As Region.__str__: kabupaten/kota names already say "Kabupaten …" or "Kota …".
        return name if level <= RegionLevel.REGENCY else f"{kinds.get(kind, kind)} {name}"

    return name_of


def _status_notes(row, status_labels) -> str:
    label = status_labels.get(row["status"], row["status"])
    done = row["resolution"] or row["follow_up"]
    return f"{label}: {done}" if done else label


def _number(value):
    return float(value) if value is not None else None


class _LocalTimes:
    """W3C date-times in the local time zone, which is looked up once per answer; the end of
    a day is written once per day (a thousand requests share a few dozen days)."""

    def __init__(self):
        self.zone = timezone.get_current_timezone()
        self.days = {}

    def __call__(self, moment):
        return moment.astimezone(self.zone).isoformat(timespec="seconds") if moment else None

    def end_of(self, day):
        if day not in self.days:
            moment = timezone.make_aware(datetime.combine(day, time(23, 59, 59)), self.zone)
            self.days[day] = moment.isoformat(timespec="seconds")
        return self.days[day]


# Posting a request -----------------------------------------------------------------------


def _post_request(request, fmt):
    client = _client(request.POST.get("api_key", ""))
    form = request.POST
    category = _category(form.get("service_code", "").strip())
    region = _region(request, form)
    latitude, longitude = _point(form)
    description = form.get("description", "").strip()
    name = " ".join(
        part
        for part in (form.get("first_name", "").strip(), form.get("last_name", "").strip())
        if part
    )
    phone, email = form.get("phone", "").strip()[:20], form.get("email", "").strip()
    try:
        filed = file_complaint(
            category=category,
            title=Truncator(description.splitlines()[0] if description else category.name).chars(
                150
            ),
            text=description,
            region=region,
            channel=IntakeChannel.OPEN311,
            # The standard has no anonymous flag: without a name and a contact, it is one.
            reporter=Reporter(
                name=name, phone=phone, email=email, anonymous=not (name and (phone or email))
            ),
            address=form.get("address_string", "").strip()[:255],
            latitude=latitude,
            longitude=longitude,
            open311_client=client,
        )
    except IntakeError as error:
        raise Open311Error(400, " ".join(error.messages)) from error
    notice = _("Simpan kode %(code)s dan PIN %(pin)s untuk melacak dan mengonfirmasi laporan.") % {
        "code": codes.display(filed.complaint.code),
        "pin": filed.pin,
    }
    data = [
        {
            "service_request_id": filed.complaint.code,
            "service_notice": notice,
            "account_id": None,
        }
    ]
    return _render(fmt, data, "service_requests", "request", status=201)


KEY_PREFIX = "o311_"


def hash_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.strip().encode()).hexdigest()


def issue_key(client: Open311Client) -> str:
    """Give the client a new key (the old one stops working); only its hash is kept, so
    the raw key returned here is the one and only time anyone sees it."""
    raw_key = KEY_PREFIX + secrets.token_urlsafe(32)
    client.key_hash = hash_key(raw_key)
    client.prefix = raw_key[:12]
    client.save()
    return raw_key


def _client(raw_key: str) -> Open311Client:
    key_hash = hash_key(raw_key)
    client = (
        Open311Client.objects.filter(key_hash=key_hash, active=True).first() if raw_key else None
    )
    if client is None:
        raise Open311Error(403, _("api_key tidak sah atau tidak aktif."))
    return client


def _category(code: str) -> Category:
    if not code:
        raise Open311Error(400, _("service_code wajib diisi."))
    category = Category.objects.filter(code=code, active=True).first()
    if category is None:
        raise Open311Error(404, _("service_code tidak ditemukan."))
    return category


def _region(request, form) -> Region:
    code = form.get("address_id", "").strip()
    if not code:
        raise Open311Error(
            400,
            _(
                "address_id wajib diisi: kode wilayah desa/kelurahan (boleh sampai RT), "
                "misalnya 35.16.01.2001."
            ),
        )
    region = Region.objects.active().filter(code=code).first()
    inside = region is not None and region.code.startswith(request.open311_prefix)
    if not inside or region.level < RegionLevel.VILLAGE:
        raise Open311Error(
            400, _("address_id bukan kode desa/kelurahan (atau RT/RW) yang dikenal.")
        )
    return region


def _point(form):
    raw_lat, raw_long = form.get("lat", "").strip(), form.get("long", "").strip()
    if not raw_lat and not raw_long:
        return None, None
    try:
        latitude = Decimal(raw_lat).quantize(Decimal("0.000001"))
        longitude = Decimal(raw_long).quantize(Decimal("0.000001"))
    except InvalidOperation:
        raise Open311Error(400, _("lat dan long harus berupa angka.")) from None
    return latitude, longitude


@require_GET
def discovery(request, fmt):
    """Where the endpoints are and how to get an API key (the standard's discovery)."""
    if fmt not in FORMATS:
        return _errors(fmt, 404, _("Format tidak dikenal: gunakan .json atau .xml."))
    base = request.build_absolute_uri("/open311/v2/")
    data = {
        "changeset": "2026-01-01T00:00:00+07:00",
        "contact": _("Admin kabupaten/kota pengelola Balai."),
        "key_service": _(
            "Kunci API diberikan oleh admin kepada aplikasi terdaftar. Saat mengirim laporan, "
            "isi address_id dengan kode wilayah desa/kelurahan (boleh sampai RT)."
        ),
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base,
                "changeset": "2026-01-01T00:00:00+07:00",
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }
    return _render(fmt, data, "discovery", "")
