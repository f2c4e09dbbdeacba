from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import Kind, Level


class RegionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def within(self, code: str):
        """The region with this code and everything below it."""
        return self.filter(models.Q(code=code) | models.Q(code__startswith=code + "."))

    def visible_to(self, user):
        """Regions inside the user's jurisdiction (for managing local units)."""
        from balai.offices.jurisdiction import jurisdiction_of, region_q

        return self.filter(region_q("code", jurisdiction_of(user)))


class Region(models.Model):
    """A node of the region tree.

    Official regions (levels 1–4) come from the Kemendagri list through `load_regions`;
    local units (dusun/lingkungan, RW, RT) are created by administrators.
    """

    code = models.CharField(_("kode"), max_length=40, primary_key=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    active = models.BooleanField(
        _("aktif"),
        default=True,
        help_text=_("Kode yang hilang dari daftar terbaru menjadi nonaktif."),
    )
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["code"]
        indexes = [
            # Prefix look-ups (`code LIKE '35.16.%'`) need a pattern index on PostgreSQL.
            models.Index(
                fields=["code"], name="region_code_prefix", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["parent", "name"], name="region_parent_name"),
            models.Index(fields=["level", "name"], name="region_level_name"),
        ]

    def __str__(self):
        # Kemendagri names of kabupaten/kota already say "Kabupaten …" or "Kota …".
        if self.level <= Level.REGENCY:
            return self.name
        return f"{self.get_kind_display()} {self.name}"

    @property
    def is_local(self) -> bool:
        return self.level >= Level.DUSUN

    def ancestors(self):
        """Ancestors from the province down, in one query."""
        parts = self.code.split(".")
        codes = [".".join(parts[:i]) for i in range(1, len(parts))]
        by_code = {r.code: r for r in Region.objects.filter(code__in=codes)}
        return [by_code[c] for c in codes if c in by_code]
