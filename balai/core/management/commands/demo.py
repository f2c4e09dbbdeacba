from django.core.management.base import BaseCommand

from balai.core.demo import DEMO_PASSWORD, Report, build_demo


class Command(BaseCommand):
    help = (
        "Loads the demo: regions, offices, staff accounts and a published service catalogue "
        "of Kabupaten Mojokerto. Safe to run again: existing rows are updated, never doubled."
    )

    def handle(self, *args, **options):
        report = build_demo()
        self.print_counts(report)
        for note in report.notes:
            self.stdout.write(self.style.WARNING(f"Note: {note}"))
        self.print_logins(report)

    def print_counts(self, report: Report) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING("Demo data"))
        for label, counts in report.counts.items():
            self.stdout.write(
                f"  {label:<28} {counts['created']:>4} created  {counts['updated']:>4} updated"
                f"  {counts['unchanged']:>4} unchanged"
            )
        if not report.changed:
            self.stdout.write("  Nothing to change: the demo data were already in place.")

    def print_logins(self, report: Report) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING("Demo logins (staff pages at /kerja/)"))
        width = max(len(login.username) for login in report.logins)
        for login in report.logins:
            self.stdout.write(
                f"  {login.username:<{width}}  {login.full_name} — {login.role}, {login.office}"
            )
        self.stdout.write(f"  Password for every demo account: {DEMO_PASSWORD}")
        self.stdout.write("  The admin account also opens /admin/.")
        self.stdout.write(
            "  Citizens (warga) have no account: they use the public pages and follow a "
            "request with its tracking code and PIN."
        )
