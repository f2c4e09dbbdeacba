from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from balai.regions.services import RegionFileError, load_regions


class Command(BaseCommand):
    help = (
        "Loads the Kemendagri region list from a CSV file with the columns kode,nama. "
        "Every row is checked first; if any row is bad, nothing is loaded."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file with the header 'kode,nama'.")

    def handle(self, *args, file, **options):
        try:
            report = load_regions(file)
        except FileNotFoundError:
            raise CommandError(_("Berkas tidak ditemukan: %(file)s") % {"file": file}) from None
        except RegionFileError as error:
            for row_error in error.errors:
                self.stderr.write(str(row_error))
            raise CommandError(
                _("%(count)d baris bermasalah; tidak ada yang dimuat.")
                % {"count": len(error.errors)}
            ) from None
        self.stdout.write(self.style.SUCCESS(report.summary()))
