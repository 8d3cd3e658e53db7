"""The JP ledger also keeps what the IP ASN's competence dimension reads: technical JP and seminars of the year."""

from django.db import migrations, models
from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce


def _per_row(rows, expression):
    grouped = rows.order_by().values("employee").annotate(v=expression).values("v")
    return Coalesce(Subquery(grouped, output_field=IntegerField()), Value(0))


def fill(apps, schema_editor):
    """Set-based: one UPDATE of every ledger row from the completed sessions and verified reports of its year."""
    ledger = apps.get_model("training", "JpLedger")
    enrollment = apps.get_model("training", "Enrollment")
    report = apps.get_model("training", "ExternalLearning")

    def sessions(kind):
        return enrollment.objects.filter(
            employee=OuterRef("employee"), status="approved", result="completed",
            session__program__kind=kind, session__end_date__year=OuterRef("year"),
        )  # fmt: skip

    def reports(kind):
        return report.objects.filter(
            employee=OuterRef("employee"), status="verified", kind=kind, end_date__year=OuterRef("year")
        )

    ledger.objects.update(
        jp_technical=_per_row(sessions("teknis"), Sum("session__program__jp")) + _per_row(reports("teknis"), Sum("jp")),
        seminars=_per_row(sessions("seminar"), Count("id")) + _per_row(reports("seminar"), Count("id")),
    )


class Migration(migrations.Migration):
    dependencies = [("training", "0004_learning_kind")]

    operations = [
        migrations.AddField(
            model_name="jpledger",
            name="jp_technical",
            field=models.PositiveIntegerField(default=0, verbose_name="JP pelatihan teknis"),
        ),
        migrations.AddField(
            model_name="jpledger",
            name="seminars",
            field=models.PositiveIntegerField(default=0, verbose_name="seminar/lokakarya/magang/kursus"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
