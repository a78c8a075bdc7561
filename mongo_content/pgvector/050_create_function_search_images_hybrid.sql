-- Purpose: the hybrid search behind getContent (CON-4): vector similarity (English and Spanish description
--          vectors) fused with English and Spanish full-text search into one score in [0, 1].
-- Target: PostgreSQL 16+ (tested on 18) with pgvector >= 0.5; database promptcontent.
-- Requires: 040_alter_table_image_embedding_bilingual.sql.
-- Re-runnable: yes (CREATE OR REPLACE).
-- Leaves behind: functions content.text_query(regconfig, text) and content.search_images_hybrid(vector, text,
--                integer, double precision, integer, double precision).
-- Requirements: CON-4, CON-2.
-- Verify: SELECT image_code, round(score::numeric, 3) FROM content.search_images_hybrid(
--             (SELECT embedding FROM content.image_embedding LIMIT 1), 'fideos con huevo', 5);

BEGIN;

-- "Any word" query: plainto_tsquery ANDs the lexemes of a natural-language text; a search box wants them
-- ORed and ranked. NULL when the text has no lexeme (only stop words or punctuation).
CREATE OR REPLACE FUNCTION content.text_query(config regconfig, query_text text)
RETURNS tsquery
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$ SELECT nullif(replace(plainto_tsquery(config, query_text)::text, '&', '|'), '')::tsquery $$;

-- score = vector_weight * vector_score + (1 - vector_weight) * text_score, both in [0, 1]:
--   vector_score = max(0, cosine similarity of the query with the English or the Spanish description vector)
--   text_score   = share of the query's lexemes found in the image's text (description and hashtags), in the
--                  language where more of them are found (Spanish config with unaccent, or English).
-- Candidates: the `candidates` nearest neighbours of each HNSW index plus every full-text match (GIN), so the
-- cost does not grow with a full scan of the table.
CREATE OR REPLACE FUNCTION content.search_images_hybrid(
    query_embedding vector(384),
    query_text text,
    k integer DEFAULT 5,
    min_score double precision DEFAULT 0,
    candidates integer DEFAULT 40,
    vector_weight double precision DEFAULT 0.7
)
RETURNS TABLE (image_code text, score double precision, vector_score double precision,
               text_score double precision)
LANGUAGE sql
STABLE
PARALLEL SAFE
SECURITY INVOKER
AS $$
    WITH q AS (
        SELECT content.text_query('content.spanish_unaccent', query_text) AS tsq_es,
               content.text_query('english', query_text) AS tsq_en,
               ARRAY(SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('content.spanish_unaccent', query_text))))
                   AS lex_es,
               ARRAY(SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('english', query_text)))) AS lex_en
    ),
    cand AS (
        (SELECT e.image_code FROM content.image_embedding AS e
         ORDER BY e.embedding <=> query_embedding LIMIT candidates)
        UNION
        (SELECT e.image_code FROM content.image_embedding AS e
         WHERE e.embedding_es IS NOT NULL
         ORDER BY e.embedding_es <=> query_embedding LIMIT candidates)
        UNION
        (SELECT e.image_code FROM content.image_embedding AS e, q WHERE e.search_tsv_es @@ q.tsq_es)
        UNION
        (SELECT e.image_code FROM content.image_embedding AS e, q WHERE e.search_tsv_en @@ q.tsq_en)
    ),
    signals AS (
        SELECT e.image_code,
               greatest(0, 1 - least(e.embedding <=> query_embedding,
                                     coalesce(e.embedding_es <=> query_embedding, 2))) AS vector_score,
               greatest(
                   CASE WHEN cardinality(q.lex_es) = 0 THEN 0 ELSE
                       cardinality(ARRAY(SELECT unnest(q.lex_es)
                                         INTERSECT SELECT unnest(tsvector_to_array(e.search_tsv_es))))
                       ::double precision / cardinality(q.lex_es) END,
                   CASE WHEN cardinality(q.lex_en) = 0 THEN 0 ELSE
                       cardinality(ARRAY(SELECT unnest(q.lex_en)
                                         INTERSECT SELECT unnest(tsvector_to_array(e.search_tsv_en))))
                       ::double precision / cardinality(q.lex_en) END
               ) AS text_score
        FROM cand
        JOIN content.image_embedding AS e USING (image_code)
        CROSS JOIN q
    )
    SELECT s.image_code,
           vector_weight * s.vector_score + (1 - vector_weight) * s.text_score AS score,
           s.vector_score,
           s.text_score
    FROM signals AS s
    WHERE vector_weight * s.vector_score + (1 - vector_weight) * s.text_score >= min_score
    ORDER BY score DESC, s.image_code
    LIMIT k;
$$;

COMMENT ON FUNCTION content.search_images_hybrid(vector, text, integer, double precision, integer, double precision) IS
'getContent (CON-4): hybrid ranking, score = w * cosine similarity + (1 - w) * share of query words found; range [0, 1].';

COMMIT;
