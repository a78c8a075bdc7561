"""What a folder left behind: exact row counts per table/collection (for summaries) and a fingerprint of
the end state (objects and data checksums) used to prove that running a folder twice changes nothing."""

from __future__ import annotations

import hashlib
from typing import Any

from harness.folders import Folder

_PG_TABLES = """
SELECT format('%I.%I', n.nspname, c.relname)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
ORDER BY 1
"""

_PG_OBJECTS = """
SELECT n.nspname || '.' || c.relname || ':' || c.relkind::text
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
UNION ALL
SELECT n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
       || md5(pg_get_functiondef(p.oid))
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND p.prokind IN ('f', 'p')
UNION ALL
SELECT 'role:' || rolname FROM pg_roles WHERE rolname NOT LIKE 'pg\\_%'
ORDER BY 1
"""

_TSQL_TABLES = """
SELECT QUOTENAME(s.name) + '.' + QUOTENAME(t.name), SUM(p.rows)
FROM sys.tables AS t JOIN sys.schemas AS s ON s.schema_id = t.schema_id
JOIN sys.partitions AS p ON p.object_id = t.object_id AND p.index_id IN (0, 1)
WHERE t.is_ms_shipped = 0
GROUP BY s.name, t.name ORDER BY 1
"""

_TSQL_OBJECTS = """
SELECT s.name + '.' + o.name + ':' + o.type + ':' + CONVERT(varchar(64), HASHBYTES('SHA2_256',
       CAST(ISNULL(OBJECT_DEFINITION(o.object_id), N'') AS nvarchar(max))), 2)
FROM sys.objects AS o JOIN sys.schemas AS s ON s.schema_id = o.schema_id
WHERE o.is_ms_shipped = 0 AND o.type NOT IN ('S', 'IT')
  AND o.name NOT LIKE 'queue_messages%'
ORDER BY 1
"""


def row_counts(folder: Folder, engine: Any) -> dict[str, int]:
    if folder.kind == "psql":
        with engine.connect(folder.database, autocommit=True) as conn:
            tables = [r[0] for r in conn.execute(_PG_TABLES).fetchall()]
            return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    if folder.kind == "tsql":
        with engine.connect(folder.database) as conn:
            return {r[0]: int(r[1]) for r in conn.execute(_TSQL_TABLES).fetchall()}
    if folder.kind == "mongo":
        with engine.client() as client:
            db = client[folder.database]
            return {name: db[name].count_documents({}) for name in sorted(db.list_collection_names())}
    with_keys = engine.client()
    return {"keys": int(with_keys.dbsize())}


def fingerprint(folder: Folder, engine: Any, database: str | None = None) -> dict[str, str]:
    """Objects (with definitions) and a content checksum per table: equal fingerprints = equal end state."""
    database = database or folder.database
    result: dict[str, str] = {}
    if folder.kind == "psql":
        with engine.connect(database, autocommit=True) as conn:
            for (obj,) in conn.execute(_PG_OBJECTS).fetchall():
                result[f"object {obj}"] = ""
            for (table,) in conn.execute(_PG_TABLES).fetchall():
                row = conn.execute(
                    f"SELECT count(*), coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '') "
                    f"FROM {table} AS t").fetchone()
                result[f"table {table}"] = f"{row[0]}:{row[1]}"
    elif folder.kind == "tsql":
        with engine.connect(database) as conn:
            for (obj,) in conn.execute(_TSQL_OBJECTS).fetchall():
                result[f"object {obj}"] = ""
            for table, _rows in conn.execute(_TSQL_TABLES).fetchall():
                # CHECKSUM_AGG ignores column types it cannot hash (xml, geography...); row count backs it up.
                row = conn.execute(f"SELECT COUNT_BIG(*), CHECKSUM_AGG(BINARY_CHECKSUM(*)) FROM {table}").fetchone()
                result[f"table {table}"] = f"{row[0]}:{row[1]}"
    elif folder.kind == "mongo":
        with engine.client() as client:
            db = client[database]
            for info in db.list_collections():
                name = info["name"]
                docs = sorted(repr(sorted(d.items())) for d in db[name].find({}, {"_id": 0}))
                digest = hashlib.sha256("\n".join(docs).encode()).hexdigest()
                result[f"collection {name}"] = f"{len(docs)}:{digest}:{info.get('options', {})!r}"
                result[f"indexes {name}"] = repr(sorted(db[name].index_information()))
    return result
