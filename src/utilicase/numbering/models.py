"""Gapless number sequences: one counter per key (e.g. "complaint" or "doc:result_notice:tf-power")
and year."""

from django.db import models


class Sequence(models.Model):
    key = models.CharField(max_length=100)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "year"], name="numbering_sequence_key_year")]

    def __str__(self) -> str:
        return f"{self.key} {self.year}: {self.last}"
