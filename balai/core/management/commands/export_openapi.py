import json
import sys

from django.core.management.base import BaseCommand

from balai.api.main import api


class Command(BaseCommand):
    help = "Writes the OpenAPI document of /api/v1/ (to a file, or to standard output)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="File to write; standard output when omitted.")

    def handle(self, *args, output=None, **options):
        schema = api.get_openapi_schema(path_prefix="/api/v1")
        text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            sys.stdout.write(text)
