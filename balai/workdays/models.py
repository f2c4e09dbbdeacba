from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.regions.constants import Level

from .constants import DayChange


class CalendarDay(models.Model):
    """A day an administrator adds to or removes from the working calendar.

    National when neither region nor office is set; otherwise it applies to every office
    serving inside the region (a regional holiday) or to one office (closed by disaster).
    The most specific entry wins: office over region over national over the built-in list.
    """

    date = models.DateField(_("tanggal"))
    change = models.CharField(_("perubahan"), max_length=6, choices=DayChange.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("wilayah"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("kantor"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    reason = models.CharField(_("keterangan"), max_length=200)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("perubahan hari kerja")
        verbose_name_plural = _("perubahan hari kerja")
        ordering = ["date"]
        indexes = [models.Index(fields=["date"], name="calendarday_date")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(region__isnull=True) | models.Q(office__isnull=True),
                name="calendarday_one_scope",
            )
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_change_display()}: {self.reason}"

    @property
    def scope_label(self) -> str:
        if self.office_id:
            return str(self.office)
        if self.region_id:
            return str(self.region)
        return str(_("Nasional"))

    def clean(self):
        if self.region_id and self.office_id:
            raise ValidationError(_("Pilih wilayah atau kantor, bukan keduanya."))
        if self.region_id and self.region.level > Level.VILLAGE:
            raise ValidationError(
                {"region": _("Pilih provinsi, kabupaten/kota, kecamatan atau desa/kelurahan.")}
            )
        if self.date and self._same_day_and_scope().exists():
            raise ValidationError(
                {"date": _("Sudah ada perubahan untuk tanggal dan cakupan ini; ubah yang itu.")}
            )

    def _same_day_and_scope(self):
        """Another row for this date and this exact scope (it would contradict this one)."""
        others = CalendarDay.objects.filter(
            date=self.date, region_id=self.region_id, office_id=self.office_id
        )
        return others.exclude(pk=self.pk) if self.pk else others
