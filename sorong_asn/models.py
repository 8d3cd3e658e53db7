from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import rules


class MeritAssessment(models.Model):
    """BKPSDM's yearly self-assessment of the merit system: each of the eight aspects rated 1–4 with
    the evidence that supports the rating (`rules.merit_index` turns them into the 100–400 index)."""

    year = models.PositiveSmallIntegerField(_("tahun"), unique=True)
    scores = models.JSONField(_("nilai per aspek"), default=dict)
    evidence = models.JSONField(_("bukti per aspek"), default=dict, blank=True)
    index = models.DecimalField(_("indeks"), max_digits=5, decimal_places=2)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dinilai oleh"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("penilaian mandiri sistem merit")
        verbose_name_plural = _("penilaian mandiri sistem merit")
        ordering = ["-year"]

    def __str__(self):
        return f"Sistem merit {self.year}: {self.index}"

    @property
    def category(self) -> str:
        return rules.merit_category(self.index)

    def aspect_rows(self) -> list[dict]:
        return [
            {"key": key, "label": label, "score": self.scores.get(key), "evidence": self.evidence.get(key, "")}
            for key, label in rules.MERIT_ASPECTS
        ]
