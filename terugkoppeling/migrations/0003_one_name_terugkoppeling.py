"""One name for one concept: a pupil's recorded steps are `terugkoppelingen` everywhere
(the reverse relation from Leerling and the notification's link to its step)."""

from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    dependencies = [
        ("leerlingen", "0005_raadpleging_purge_function"),
        ("terugkoppeling", "0002_notificaties_notificatie_herinnering_voorkeur"),
    ]

    operations = [
        migrations.AlterField(
            model_name="terugkoppeling",
            name="leerling",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="terugkoppelingen", to="leerlingen.leerling"
            ),
        ),
        # The partial unique constraint names the column: drop it, rename, put it back.
        migrations.RemoveConstraint(model_name="notificatie", name="notificatie_once_per_event"),
        migrations.RenameField(model_name="notificatie", old_name="gebeurtenis", new_name="terugkoppeling"),
        migrations.AddConstraint(
            model_name="notificatie",
            constraint=models.UniqueConstraint(
                condition=models.Q(("terugkoppeling__isnull", False)),
                fields=("user", "terugkoppeling"),
                name="notificatie_once_per_event",
            ),
        ),
    ]
