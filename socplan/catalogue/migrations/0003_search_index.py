"""Full-text search index of services (used by socplan/catalogue/search.py).

SQLite: an FTS5 table ``catalogue_service_fts`` (rowid = service id), kept in step with
``Service.search_text`` by ``search.reindex_services``.
PostgreSQL: the extensions unaccent and pg_trgm, a generated tsvector column
``catalogue_service.search_vector`` over ``search_text`` (first line = the name, weight A)
with a GIN index, and a trigram GIN index on the unaccented lower-cased name.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS catalogue_service_fts USING fts5("
    "name, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
]
SQLITE_REVERSE = ["DROP TABLE IF EXISTS catalogue_service_fts"]

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # unaccent() is not IMMUTABLE; this wrapper with an explicit dictionary may be indexed.
    "CREATE OR REPLACE FUNCTION socplan_name_key(text) RETURNS text"
    " LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS"
    " $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$",
    "ALTER TABLE catalogue_service ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    " setweight(to_tsvector('simple'::regconfig, split_part(search_text, E'\\n', 1)), 'A')"
    " || setweight(to_tsvector('simple'::regconfig, split_part(search_text, E'\\n', 2)), 'D')"
    ") STORED",
    "CREATE INDEX catalogue_service_search_vector ON catalogue_service USING gin (search_vector)",
    "CREATE INDEX catalogue_service_name_trgm ON catalogue_service"
    " USING gin (socplan_name_key(name) gin_trgm_ops)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS catalogue_service_name_trgm",
    "DROP INDEX IF EXISTS catalogue_service_search_vector",
    "ALTER TABLE catalogue_service DROP COLUMN IF EXISTS search_vector",
    "DROP FUNCTION IF EXISTS socplan_name_key(text)",
]


def _run(schema_editor, by_vendor):
    for statement in by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE, "postgresql": POSTGRESQL})


def backwards(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE})


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0002_service_register_record"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
