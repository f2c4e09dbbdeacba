"""Fast name search on PostgreSQL: a trigram GIN index for `name__icontains`.

Django turns `icontains` into `UPPER(name::text) LIKE UPPER(%s)`, so the index is built
on that same expression. SQLite has no trigram index; there the migration does nothing.
"""

from django.db import migrations

INDEX = "region_name_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON regions_region "
        "USING gin ((UPPER(name::text)) gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
