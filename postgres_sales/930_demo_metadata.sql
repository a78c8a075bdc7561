-- =============================================================================
-- 930_demo_metadata.sql
-- Purpose : extracción de metadatos desde pg_catalog e information_schema (SAL-6):
--           inventario de tablas con tamaños y filas estimadas, columnas, llaves
--           primarias y foráneas, índices con su uso, y dependencias entre objetos.
-- Target  : database promptsales, PostgreSQL 18.
-- Requires: 100_seed_portal.sql.
-- Re-runnable: yes (CREATE OR REPLACE VIEW).
-- Leaves behind: views demo.v_table_inventory, demo.v_column_catalog,
--           demo.v_foreign_keys, demo.v_index_catalog, demo.v_view_dependencies.
-- Requirements: SAL-6.
-- Verify  : SELECT * FROM demo.v_table_inventory ORDER BY total_bytes DESC LIMIT 10;
-- =============================================================================
BEGIN;

-- Tablas de las áreas de la aplicación: filas estimadas (pg_class.reltuples),
-- tamaño total con índices y TOAST, llave primaria (pg_constraint) y comentario.
CREATE OR REPLACE VIEW demo.v_table_inventory AS
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       CASE c.relkind WHEN 'p' THEN 'partitioned' ELSE 'table' END AS kind,
       greatest(c.reltuples, 0)::bigint AS estimated_rows,
       pg_total_relation_size(c.oid) AS total_bytes,
       pg_size_pretty(pg_total_relation_size(c.oid)) AS total_size,
       (SELECT string_agg(a.attname, ', ' ORDER BY k.ord)
        FROM pg_constraint pk
        CROSS JOIN LATERAL unnest(pk.conkey) WITH ORDINALITY AS k (attnum, ord)
        JOIN pg_attribute a ON a.attrelid = pk.conrelid AND a.attnum = k.attnum
        WHERE pk.conrelid = c.oid AND pk.contype = 'p') AS primary_key,
       (SELECT count(*) FROM pg_index i WHERE i.indrelid = c.oid) AS index_count,
       obj_description(c.oid, 'pg_class') AS description
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND n.nspname IN ('portal', 'summary', 'etl', 'audit', 'privacy', 'demo', 'seed');

-- Columnas según el estándar SQL (information_schema), portable a otros motores.
CREATE OR REPLACE VIEW demo.v_column_catalog AS
SELECT table_schema, table_name, ordinal_position, column_name, data_type,
       character_maximum_length, numeric_precision, numeric_scale, is_nullable, column_default,
       is_generated, generation_expression
FROM information_schema.columns
WHERE table_schema IN ('portal', 'summary', 'etl', 'audit', 'privacy');

-- Llaves foráneas: quién referencia a quién y con qué acción al borrar.
CREATE OR REPLACE VIEW demo.v_foreign_keys AS
SELECT con.conname AS constraint_name,
       con.conrelid::regclass::text AS referencing_table,
       (SELECT string_agg(a.attname, ', ') FROM unnest(con.conkey) AS k (attnum)
        JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS referencing_columns,
       con.confrelid::regclass::text AS referenced_table,
       CASE con.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'r' THEN 'RESTRICT'
                            WHEN 'd' THEN 'SET DEFAULT' ELSE 'NO ACTION' END AS on_delete
FROM pg_constraint con
JOIN pg_namespace n ON n.oid = con.connamespace
WHERE con.contype = 'f' AND n.nspname IN ('portal', 'summary', 'etl', 'audit', 'privacy', 'demo');

-- Índices con su definición, tamaño y uso (pg_stat_user_indexes).
CREATE OR REPLACE VIEW demo.v_index_catalog AS
SELECT s.schemaname AS schema_name, s.relname AS table_name, s.indexrelname AS index_name,
       pg_get_indexdef(s.indexrelid) AS definition,
       i.indisunique AS is_unique, i.indisprimary AS is_primary,
       pg_relation_size(s.indexrelid) AS index_bytes,
       s.idx_scan AS scans
FROM pg_stat_user_indexes s
JOIN pg_index i ON i.indexrelid = s.indexrelid
WHERE s.schemaname IN ('portal', 'summary', 'etl', 'audit', 'privacy', 'demo');

-- Dependencias: qué tablas usa cada vista (pg_depend a través de pg_rewrite).
CREATE OR REPLACE VIEW demo.v_view_dependencies AS
SELECT DISTINCT v.oid::regclass::text AS view_name, t.oid::regclass::text AS depends_on
FROM pg_depend d
JOIN pg_rewrite r ON r.oid = d.objid AND d.classid = 'pg_rewrite'::regclass
JOIN pg_class v ON v.oid = r.ev_class
JOIN pg_class t ON t.oid = d.refobjid AND d.refclassid = 'pg_class'::regclass
JOIN pg_namespace vn ON vn.oid = v.relnamespace
WHERE v.oid <> t.oid AND vn.nspname IN ('portal', 'summary', 'etl', 'audit', 'privacy', 'demo');

-- Ejemplos para la clase:
SELECT schema_name, table_name, estimated_rows, total_size, primary_key
FROM demo.v_table_inventory ORDER BY total_bytes DESC LIMIT 5;
SELECT referencing_table, referencing_columns, referenced_table, on_delete
FROM demo.v_foreign_keys WHERE referenced_table = 'portal.campaign';
SELECT * FROM demo.v_view_dependencies WHERE view_name = 'summary.v_campaign_effectiveness';

COMMIT;
