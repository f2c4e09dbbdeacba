"""New automatic sources (SKM published and followed up, complaints handled in time), and
attach them to the default indicators of databases loaded before (never over a chosen one)."""

from django.db import migrations, models


def attach(apps, schema_editor):
    from balai.performance.defaults import attach_auto_sources

    attach_auto_sources(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0002_load_defaults"),
    ]

    operations = [
        migrations.AlterField(
            model_name="indicator",
            name="auto_source",
            field=models.CharField(
                blank=True,
                choices=[
                    ("standards_published", "Standar Pelayanan terbit di katalog"),
                    ("complaint_channel_active", "Saluran pengaduan aktif"),
                    ("skm_done", "Survei Kepuasan Masyarakat terlaksana"),
                    ("skm_published", "Hasil SKM terbit di halaman publik"),
                    ("skm_follow_up_done", "Rencana tindak lanjut SKM diselesaikan"),
                    (
                        "complaint_follow_up_in_time",
                        "Pengaduan diverifikasi dan ditindaklanjuti tepat waktu",
                    ),
                ],
                help_text="Bila Balai dapat membuktikan sendiri nilai indikator ini.",
                max_length=40,
                verbose_name="sumber otomatis",
            ),
        ),
        migrations.RunPython(attach, migrations.RunPython.noop),
    ]
