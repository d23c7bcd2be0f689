"""A database guard for the audit log: no UPDATE may rewrite an event.

The only UPDATE allowed is Django setting a reference to NULL when the user, organisation or
content type it points to is deleted (on_delete=SET_NULL). Deletion stays possible so that
``prune_audit`` can apply the retention period and test databases can be flushed.
"""

from django.db import migrations

TABLE = "audit_auditevent"
FROZEN = ["when", "actor_email", "action", "target_id", "target_repr", "ip_address", "user_agent", "details"]
NULLABLE_REFERENCES = ["actor_id", "organization_id", "target_type_id"]


def _rewrite_condition(distinct: str) -> str:
    changed = [f'NEW."{column}" {distinct} OLD."{column}"' for column in FROZEN]
    # A reference may only go from a value to NULL, never to another value.
    changed += [
        f'(NEW."{column}" {distinct} OLD."{column}" AND NEW."{column}" IS NOT NULL)'
        for column in NULLABLE_REFERENCES
    ]
    return " OR ".join(changed)


def create_guard(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            f"CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON {TABLE} "
            f"WHEN {_rewrite_condition('IS NOT')} "
            "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE FUNCTION audit_event_append_only() RETURNS trigger AS $$ BEGIN "
            f"IF {_rewrite_condition('IS DISTINCT FROM')} THEN "
            "RAISE EXCEPTION 'audit events are append-only'; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql;"
        )
        schema_editor.execute(
            f"CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();"
        )


def drop_guard(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_event_append_only;")
    elif vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS audit_event_append_only ON {TABLE};")
        schema_editor.execute("DROP FUNCTION IF EXISTS audit_event_append_only();")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create_guard, drop_guard)]
