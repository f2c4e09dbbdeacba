"""Load the PEKPPP aspects, indicators and category bands (idempotent; never overwrites)."""

from django.db import migrations


def load(apps, schema_editor):
    from balai.performance.defaults import load_defaults

    load_defaults(apps)


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
