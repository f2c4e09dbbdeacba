from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicJobRun(models.Model):
    """When a periodic job was last queued, so several workers queue it only once."""

    name = models.CharField(_("nama"), max_length=100, unique=True)
    last_queued_at = models.DateTimeField(_("terakhir diantrekan"), null=True, blank=True)

    class Meta:
        verbose_name = _("jadwal tugas berkala")
        verbose_name_plural = _("jadwal tugas berkala")

    def __str__(self):
        return self.name


class Counter(models.Model):
    """A sequence per (scope, series, period): queue tickets per office and day, letter
    numbers per office, series and year. Numbers come from `balai.core.counters`."""

    scope = models.CharField(_("lingkup"), max_length=60)
    series = models.CharField(_("seri"), max_length=60)
    period = models.CharField(_("periode"), max_length=20)
    value = models.PositiveBigIntegerField(_("nilai terakhir"), default=0)

    class Meta:
        verbose_name = _("penghitung nomor")
        verbose_name_plural = _("penghitung nomor")
        constraints = [
            models.UniqueConstraint(fields=["scope", "series", "period"], name="counter_once")
        ]

    def __str__(self):
        return f"{self.scope}/{self.series}/{self.period}: {self.value}"


class AppendOnly(Exception):
    """A history entry was about to be changed or deleted."""


class AppendOnlyModel(models.Model):
    """A history table: rows are only ever added (events of requests and complaints)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly(f"{self._meta.verbose_name} tidak boleh diubah.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly(f"{self._meta.verbose_name} tidak boleh dihapus.")
