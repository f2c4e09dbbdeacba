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
