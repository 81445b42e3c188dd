"""The audit history is append-only in the database too: on PostgreSQL a trigger refuses any
UPDATE or DELETE of a transition row, whatever code path tries it (a shell, a raw query, a future
bug). SQLite (`make run`) skips it; the services and the read-only admin and API still hold."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION dialogues_transition_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'dialogues_transition is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER dialogues_transition_append_only
    BEFORE UPDATE OR DELETE ON dialogues_transition
    FOR EACH ROW EXECUTE FUNCTION dialogues_transition_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS dialogues_transition_append_only ON dialogues_transition;
DROP FUNCTION IF EXISTS dialogues_transition_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("dialogues", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
