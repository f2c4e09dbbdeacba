from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from balai.stats.rollups import reconcile, snapshot_backlog
from balai.workdays.calendar import local_date


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Tanggal tidak valid: {text!r} (tulis YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = "Recomputes the statistics rollups of a range of days from the raw data."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="last", help="last day (default: today)")
        parser.add_argument(
            "--chunk-days", type=int, default=31, help="days recomputed per pass (bounds memory)"
        )

    def handle(self, *args, first, last=None, chunk_days=31, **options):
        first = _day(first)
        last = _day(last) if last else local_date(timezone.now())
        if last < first:
            raise CommandError("Tanggal akhir sebelum tanggal awal.")
        start = first
        while start <= last:
            end = min(start + timedelta(days=chunk_days - 1), last)
            changed = reconcile(start, end)
            self.stdout.write(f"{start}…{end}: {changed}")
            start = end + timedelta(days=1)
        self.stdout.write(f"backlog rows: {snapshot_backlog(local_date(timezone.now()))}")
