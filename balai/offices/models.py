from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.regions.constants import Level

from .constants import Agency, OfficeKind, Role, TimeZone, Weekday
from .jurisdiction import jurisdiction_of, region_q

# The level of region each kind of office serves.
SERVED_LEVEL = {
    OfficeKind.VILLAGE: Level.VILLAGE,
    OfficeKind.KECAMATAN: Level.DISTRICT,
    OfficeKind.AGENCY: Level.REGENCY,
    OfficeKind.HEAD: Level.REGENCY,
}


class OfficeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def visible_to(self, user):
        """Offices the user belongs to, and every office inside the user's regions."""
        jurisdiction = jurisdiction_of(user)
        if jurisdiction.everything:
            return self.all()
        return self.filter(
            # `region__code` is the foreign key column itself (no join) and takes prefix lookups.
            models.Q(id__in=jurisdiction.office_ids) | region_q("region__code", jurisdiction)
        )

    def serving(self, region_code: str, kind: str, agency: str = ""):
        """The office of `kind` whose area contains the region (e.g. a village's kecamatan)."""
        parts = region_code.split(".")
        level = SERVED_LEVEL[OfficeKind(kind)]
        served_code = ".".join(parts[:level])
        offices = self.active().filter(kind=kind, region_id=served_code)
        if agency:
            offices = offices.filter(agency=agency)
        return offices


class Office(models.Model):
    """A place that serves the public: a village office, a kecamatan, an agency."""

    name = models.CharField(_("nama"), max_length=150)
    kind = models.CharField(_("jenis"), max_length=12, choices=OfficeKind.choices)
    agency = models.CharField(
        _("instansi"),
        max_length=20,
        choices=Agency.choices,
        blank=True,
        help_text=_("Hanya untuk dinas/instansi."),
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("wilayah layanan"),
        on_delete=models.PROTECT,
        related_name="offices",
    )
    timezone = models.CharField(
        _("zona waktu"), max_length=20, choices=TimeZone.choices, default=TimeZone.WIB
    )
    address = models.TextField(_("alamat"), blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    whatsapp = models.CharField(_("WhatsApp"), max_length=30, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    maklumat = models.TextField(
        _("maklumat pelayanan"),
        blank=True,
        help_text=_("Janji layanan yang diumumkan kepada masyarakat."),
    )
    active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("kantor")
        verbose_name_plural = _("kantor")
        ordering = ["region_id", "kind", "name"]
        indexes = [
            models.Index(fields=["region", "kind"], name="office_region_kind"),
            models.Index(
                fields=["region"], name="office_region_prefix", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind == OfficeKind.AGENCY and not self.agency:
            raise ValidationError({"agency": _("Pilih instansi untuk kantor dinas.")})
        if self.kind != OfficeKind.AGENCY and self.agency:
            raise ValidationError({"agency": _("Instansi hanya diisi untuk kantor dinas.")})
        expected = SERVED_LEVEL.get(self.kind)
        if self.region_id and expected and self.region.level != expected:
            raise ValidationError(
                {
                    "region": _("Kantor jenis ini melayani wilayah tingkat %(level)s.")
                    % {"level": Level(expected).label}
                }
            )


class OpeningHours(models.Model):
    """One opening period on a weekday; a day with a break has two rows."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("hari"), choices=Weekday.choices)
    opens = models.TimeField(_("buka"))
    closes = models.TimeField(_("tutup"))

    class Meta:
        verbose_name = _("jam layanan")
        verbose_name_plural = _("jam layanan")
        ordering = ["office", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")), name="hours_close_after_open"
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H.%M}–{self.closes:%H.%M}"

    def clean(self):
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError({"closes": _("Jam tutup harus sesudah jam buka.")})


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True, user__is_active=True)

    def visible_to(self, user):
        return self.filter(office__in=Office.objects.visible_to(user))


class Membership(models.Model):
    """A user's role in an office. A user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("wilayah RT/RW"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Untuk ketua RT/RW: RT atau RW yang dipimpin."),
    )
    active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")
        ordering = ["office", "role", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "office", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} {self.office}"

    def clean(self):
        if self.role == Role.NEIGHBOURHOOD_HEAD:
            if not self.region_id or self.region.level not in (Level.RW, Level.RT):
                raise ValidationError({"region": _("Ketua RT/RW harus ditautkan ke RT atau RW.")})
            if self.office_id and not self.region_id.startswith(self.office.region_id + "."):
                raise ValidationError({"region": _("RT/RW harus berada di wilayah kantor ini.")})
        elif self.region_id:
            raise ValidationError({"region": _("Wilayah RT/RW hanya untuk ketua RT/RW.")})
