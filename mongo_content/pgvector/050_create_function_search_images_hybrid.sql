-- Purpose: the hybrid search behind getContent (CON-4): cosine similarity of the query embedding fused with
--          English and Spanish full-text matching (IDF-weighted) and one round of pseudo-relevance feedback,
--          into one score in [0, 1].
-- Target: PostgreSQL 16+ (tested on 18) with pgvector >= 0.5; database promptcontent.
-- Requires: 040_alter_table_image_embedding_bilingual.sql.
-- Re-runnable: yes (DROP FUNCTION IF EXISTS of the earlier signature, CREATE OR REPLACE).
-- Leaves behind: functions content.text_query(regconfig, text) and content.search_images_hybrid(vector, text,
--                integer, double precision, double precision, double precision, integer).
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

-- An earlier version of this script had another parameter list.
DROP FUNCTION IF EXISTS content.search_images_hybrid(vector, text, integer, double precision, integer,
                                                     double precision);

-- score = (1 - feedback_weight) * first + feedback_weight * feedback_score, all terms in [0, 1]:
--   first          = vector_weight * vector_score + (1 - vector_weight) * text_score
--   vector_score   = max(0, cosine similarity of the query embedding with the description embedding)
--   text_score     = IDF-weighted share of the query's lexemes found in the image's description and hashtags,
--                    in the language where the share is higher (Spanish with unaccent, or English); a lexeme
--                    no image holds gets the highest IDF, so words the catalogue does not know lower the
--                    share ("quantum lecture" does not score 1 because one image mentions "lectura")
--   feedback_score = max(0, cosine similarity with the embedding of the best image by `first`)
--                    (pseudo-relevance feedback: a Spanish query that found one ramen image through its
--                    Spanish words finds the other ramen images through the English vector of the first)
-- Candidates: the `candidates` nearest neighbours by HNSW plus every full-text match (GIN indexes).
CREATE OR REPLACE FUNCTION content.search_images_hybrid(
    query_embedding vector(384),
    query_text text,
    k integer DEFAULT 5,
    min_score double precision DEFAULT 0,
    vector_weight double precision DEFAULT 0.8,
    feedback_weight double precision DEFAULT 0.2,
    candidates integer DEFAULT 40
)
RETURNS TABLE (image_code text, score double precision, vector_score double precision,
               text_score double precision, feedback_score double precision)
LANGUAGE sql
STABLE
PARALLEL SAFE
SECURITY INVOKER
AS $$
    WITH q AS (
        SELECT content.text_query('content.spanish_unaccent', query_text) AS tsq_es,
               content.text_query('english', query_text) AS tsq_en
    ),
    total AS MATERIALIZED (
        SELECT count(*)::double precision AS docs FROM content.image_embedding
    ),
    -- MATERIALIZED: computed once, not once per candidate inside the correlated text-score subquery.
    qlex AS MATERIALIZED (
        SELECT l.lang, l.lexeme,
               ln(1 + (total.docs - coalesce(s.ndoc, 0) + 0.5) / (coalesce(s.ndoc, 0) + 0.5)) AS idf
        FROM (
            SELECT DISTINCT 'es'::text AS lang, x AS lexeme
            FROM unnest(tsvector_to_array(to_tsvector('content.spanish_unaccent', query_text))) AS x
            UNION
            SELECT DISTINCT 'en'::text, x
            FROM unnest(tsvector_to_array(to_tsvector('english', query_text))) AS x
        ) AS l
        CROSS JOIN total
        LEFT JOIN content.search_lexicon AS s ON s.lang = l.lang AND s.lexeme = l.lexeme
    ),
    cand AS (
        (SELECT e.image_code FROM content.image_embedding AS e
         ORDER BY e.embedding <=> query_embedding LIMIT candidates)
        UNION
        (SELECT e.image_code FROM content.image_embedding AS e, q WHERE e.search_tsv_es @@ q.tsq_es)
        UNION
        (SELECT e.image_code FROM content.image_embedding AS e, q WHERE e.search_tsv_en @@ q.tsq_en)
    ),
    rows AS (
        SELECT e.image_code, e.embedding,
               tsvector_to_array(e.search_tsv_es) AS lex_es,
               tsvector_to_array(e.search_tsv_en) AS lex_en
        FROM cand JOIN content.image_embedding AS e USING (image_code)
    ),
    signals AS MATERIALIZED (
        SELECT r.image_code, r.embedding,
               greatest(0, 1 - (r.embedding <=> query_embedding)) AS vector_score,
               coalesce((
                   SELECT max(share) FROM (
                       SELECT sum(ql.idf) FILTER (
                                  WHERE ql.lexeme = ANY (CASE ql.lang WHEN 'es' THEN r.lex_es ELSE r.lex_en END))
                              / nullif(sum(ql.idf), 0) AS share
                       FROM qlex AS ql
                       GROUP BY ql.lang
                   ) AS per_language
               ), 0) AS text_score
        FROM rows AS r
    ),
    first AS (
        SELECT s.*, vector_weight * s.vector_score + (1 - vector_weight) * s.text_score AS first_score
        FROM signals AS s
    ),
    seed AS (
        SELECT f.embedding FROM first AS f ORDER BY f.first_score DESC, f.image_code LIMIT 1
    ),
    scored AS (
        SELECT f.image_code, f.vector_score, f.text_score,
               greatest(0, 1 - (f.embedding <=> (SELECT embedding FROM seed))) AS feedback_score,
               f.first_score
        FROM first AS f
    )
    SELECT s.image_code,
           (1 - feedback_weight) * s.first_score + feedback_weight * s.feedback_score AS score,
           s.vector_score, s.text_score, s.feedback_score
    FROM scored AS s
    WHERE (1 - feedback_weight) * s.first_score + feedback_weight * s.feedback_score >= min_score
    ORDER BY score DESC, s.image_code
    LIMIT k;
$$;

COMMENT ON FUNCTION content.search_images_hybrid(vector, text, integer, double precision, double precision,
                                                 double precision, integer) IS
'getContent (CON-4): hybrid ranking (cosine + IDF-weighted bilingual full-text + pseudo-relevance feedback); score in [0, 1].';

COMMIT;
