"""Trigram indexes so that "part of the name" and "part of the NIP" searches use an index on PostgreSQL.

`name__icontains` compiles to UPPER(name) LIKE UPPER('%…%') and `nip__contains` to nip LIKE '%…%':
a btree cannot serve a leading wildcard, a GIN trigram index can. SQLite (demo) has no pg_trgm: skipped.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # employee list: search by part of the name (icontains)
    "CREATE INDEX IF NOT EXISTS employees_employee_name_trgm ON employees_employee "
    "USING gin (UPPER(name) gin_trgm_ops)",
    # employee list: search by part of the NIP (contains)
    "CREATE INDEX IF NOT EXISTS employees_employee_nip_trgm ON employees_employee USING gin (nip gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS employees_employee_name_trgm", "DROP INDEX IF EXISTS employees_employee_nip_trgm"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("employees", "0001_initial")]

    operations = [migrations.RunPython(run(CREATE), run(DROP), elidable=False)]
