-- Purpose: search functions used by the PromptContent search code and by the CON-4 MCP tool:
--          content.search_images (vector, HNSW cosine) and content.search_images_keyword (full-text
--          baseline: any query word may match, ranked by ts_rank_cd).
-- Target: PostgreSQL 16+ (tested on 18) with pgvector >= 0.5; database promptcontent.
-- Requires: 020_create_table_image_embedding.sql.
-- Re-runnable: yes (CREATE OR REPLACE).
-- Leaves behind: functions content.search_images(vector, integer) and
--                content.search_images_keyword(text, integer).
-- Requirements: CON-2, CON-4.
-- Verify: SELECT * FROM content.search_images_keyword('surfer wave beach', 5);

BEGIN;

CREATE OR REPLACE FUNCTION content.search_images(query_embedding vector(384), k integer DEFAULT 5)
RETURNS TABLE (image_code text, distance double precision)
LANGUAGE sql
STABLE
SECURITY INVOKER
AS $$
    SELECT e.image_code, e.embedding <=> query_embedding AS distance
    FROM content.image_embedding AS e
    ORDER BY e.embedding <=> query_embedding
    LIMIT k;
$$;

COMMENT ON FUNCTION content.search_images(vector, integer) IS
'k nearest images by cosine distance (uses the HNSW index; raise hnsw.ef_search above k for better recall).';

CREATE OR REPLACE FUNCTION content.search_images_keyword(query_text text, k integer DEFAULT 5)
RETURNS TABLE (image_code text, score real)
LANGUAGE sql
STABLE
SECURITY INVOKER
AS $$
    -- plainto_tsquery ANDs the words; a natural-language query rarely matches all of them, so the
    -- baseline ORs the lexemes (what a search box with "any word" does) and ranks by cover density.
    WITH q AS (
        SELECT nullif(replace(plainto_tsquery('english', query_text)::text, '&', '|'), '')::tsquery AS tsq
    )
    SELECT e.image_code, ts_rank_cd(e.description_tsv, q.tsq) AS score
    FROM content.image_embedding AS e
    CROSS JOIN q
    WHERE e.description_tsv @@ q.tsq
    ORDER BY score DESC, e.image_code
    LIMIT k;
$$;

COMMENT ON FUNCTION content.search_images_keyword(text, integer) IS
'Keyword baseline for CON-2: full-text search over the descriptions, any query word may match.';

COMMIT;
