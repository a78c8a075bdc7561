-- Purpose: make content.image_embedding self-sufficient for getContent (CON-4) and bilingual: the metadata a
--          caller needs (Spanish description, English and Spanish hashtags, format, size, URL, company,
--          campaigns, attributes, licence) lives beside the vector; a Spanish full-text column (text search
--          configuration content.spanish_unaccent = Spanish stemmer after unaccent) and an English one cover
--          description + hashtags for the hybrid ranking, and the view content.search_lexicon keeps how many
--          images hold each lexeme (the IDF weights of the text score).
-- Target: PostgreSQL 16+ (tested on 18) with pgvector >= 0.5 and the contrib extension unaccent.
-- Requires: 020_create_table_image_embedding.sql.
-- Re-runnable: yes (IF NOT EXISTS everywhere; the text search configurations are created only when absent).
-- Leaves behind: extension unaccent; text search configuration content.spanish_unaccent; function
--                content.hashtag_words(text[]); new columns of content.image_embedding (description_es,
--                hashtags, hashtags_es, format, width, height, url, bucket, storage_key, company_code,
--                company_name, campaign_codes, attributes, licence, rights_expires_at, metadata_hash,
--                search_tsv_en, search_tsv_es), indexes ix_content_image_embedding_tsv_en,
--                ix_content_image_embedding_tsv_es, ix_content_image_embedding_trgm_es, and the materialized
--                view content.search_lexicon (refreshed by `python -m promptcontent.index`). Existing rows get
--                NULL metadata until that refresh rewrites them (their metadata hash differs).
-- Requirements: CON-2, CON-4.
-- Verify: \d content.image_embedding ;
--         SELECT to_tsvector('content.spanish_unaccent', 'Ilustración de un café en la montaña');
--         -> 'caf':4 'ilustracion':1 'montan':7

BEGIN;

CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;

DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace
        WHERE n.nspname = 'content' AND c.cfgname = 'spanish_unaccent'
    ) THEN
        -- Spanish users type with and without accents ("café"/"cafe", "montaña"/"montana"): unaccent runs
        -- before the Snowball Spanish stemmer, on the documents and on the queries alike.
        CREATE TEXT SEARCH CONFIGURATION content.spanish_unaccent (COPY = pg_catalog.spanish);
        ALTER TEXT SEARCH CONFIGURATION content.spanish_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, spanish_stem;
    END IF;
END
$$;

-- Hashtags as words for full-text search ('#cafeteria' -> 'cafeteria'). array_to_string is only STABLE in
-- general (element output functions), but for text[] it is immutable, which a generated column needs.
CREATE OR REPLACE FUNCTION content.hashtag_words(tags text[])
RETURNS text
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$ SELECT translate(coalesce(array_to_string(tags, ' '), ''), '#', '') $$;

ALTER TABLE content.image_embedding
    ADD COLUMN IF NOT EXISTS description_es text,
    ADD COLUMN IF NOT EXISTS hashtags text[],
    ADD COLUMN IF NOT EXISTS hashtags_es text[],
    ADD COLUMN IF NOT EXISTS format text,
    ADD COLUMN IF NOT EXISTS width integer,
    ADD COLUMN IF NOT EXISTS height integer,
    ADD COLUMN IF NOT EXISTS url text,
    ADD COLUMN IF NOT EXISTS bucket text,
    ADD COLUMN IF NOT EXISTS storage_key text,
    ADD COLUMN IF NOT EXISTS company_code text,
    ADD COLUMN IF NOT EXISTS company_name text,
    ADD COLUMN IF NOT EXISTS campaign_codes text[],
    ADD COLUMN IF NOT EXISTS attributes jsonb,
    ADD COLUMN IF NOT EXISTS licence text,
    ADD COLUMN IF NOT EXISTS rights_expires_at timestamptz,
    -- sha256 of the canonical JSON of every column above: a metadata change is written without re-embedding.
    ADD COLUMN IF NOT EXISTS metadata_hash char(64),
    ADD COLUMN IF NOT EXISTS search_tsv_en tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', content.hashtag_words(hashtags)), 'A')
        || setweight(to_tsvector('english', description), 'B')
    ) STORED,
    ADD COLUMN IF NOT EXISTS search_tsv_es tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('content.spanish_unaccent', content.hashtag_words(hashtags_es)), 'A')
        || setweight(to_tsvector('content.spanish_unaccent', coalesce(description_es, '')), 'B')
    ) STORED;

COMMENT ON COLUMN content.image_embedding.description_es IS
'Spanish description, generated from the same attributes as the English one (not a word-by-word translation).';
COMMENT ON COLUMN content.image_embedding.url IS
'Object-storage URL of the current version: s3://<bucket>/<storage_key>.';
COMMENT ON COLUMN content.image_embedding.metadata_hash IS
'sha256 of the canonical JSON of the metadata columns; the refresh rewrites a row only when it changed.';

DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_constraint WHERE conname = 'ck_content_image_embedding_metadata_hash'
    ) THEN
        ALTER TABLE content.image_embedding ADD CONSTRAINT ck_content_image_embedding_metadata_hash
            CHECK (metadata_hash IS NULL OR metadata_hash ~ '^[0-9a-f]{64}$');
    END IF;
END
$$;

CREATE INDEX IF NOT EXISTS ix_content_image_embedding_tsv_en
ON content.image_embedding USING gin (search_tsv_en);

CREATE INDEX IF NOT EXISTS ix_content_image_embedding_tsv_es
ON content.image_embedding USING gin (search_tsv_es);

CREATE INDEX IF NOT EXISTS ix_content_image_embedding_trgm_es
ON content.image_embedding USING gin (description_es gin_trgm_ops);

-- Document frequency of every lexeme per language: the text score weights a matched query word by its
-- inverse document frequency, so "casa" (in many descriptions) counts less than "alberca".
CREATE MATERIALIZED VIEW IF NOT EXISTS content.search_lexicon AS
SELECT 'es'::text AS lang, s.word AS lexeme, s.ndoc
FROM ts_stat('SELECT search_tsv_es FROM content.image_embedding') AS s
UNION ALL
SELECT 'en'::text, s.word, s.ndoc
FROM ts_stat('SELECT search_tsv_en FROM content.image_embedding') AS s
WITH DATA;

CREATE UNIQUE INDEX IF NOT EXISTS ux_content_search_lexicon ON content.search_lexicon (lang, lexeme);

COMMENT ON MATERIALIZED VIEW content.search_lexicon IS
'Images per lexeme and language (IDF of the getContent text score); refreshed after every index refresh.';

COMMIT;
