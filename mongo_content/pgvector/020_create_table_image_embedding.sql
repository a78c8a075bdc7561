-- Purpose: the table of description embeddings (all-MiniLM-L6-v2, 384 dimensions) with an HNSW cosine
--          index for semantic search, plus a full-text column and a trigram index for the keyword baseline.
-- Target: PostgreSQL 16+ (tested on 18) with pgvector >= 0.5; database promptcontent.
-- Requires: 010_create_extension_vector.sql.
-- Re-runnable: yes (IF NOT EXISTS; no data is touched).
-- Leaves behind: table content.image_embedding (0 rows; filled by `python -m promptcontent.index`,
--                one row per image: 120 at scale small, 200 at scale full) and its indexes
--                ix_content_image_embedding_hnsw_cosine, ix_content_image_embedding_tsv,
--                ix_content_image_embedding_trgm.
-- Requirements: CON-2 (and CON-4, whose getContent tool searches this table).
-- Verify: \d content.image_embedding ; EXPLAIN SELECT image_code FROM content.image_embedding
--         ORDER BY embedding <=> (SELECT embedding FROM content.image_embedding LIMIT 1) LIMIT 5;
--         shows "Index Scan using ix_content_image_embedding_hnsw_cosine".

BEGIN;

CREATE TABLE IF NOT EXISTS content.image_embedding (
    image_code text NOT NULL,
    description text NOT NULL,
    -- sha256 of model name + description: the incremental refresh re-embeds only rows whose hash changed.
    content_hash char(64) NOT NULL,
    model_name text NOT NULL,
    embedding vector(384) NOT NULL,
    description_tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', description)) STORED,
    embedded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT pk_content_image_embedding PRIMARY KEY (image_code),
    CONSTRAINT ck_content_image_embedding_code CHECK (image_code ~ '^IMG-[0-9]{6}$'),
    CONSTRAINT ck_content_image_embedding_hash CHECK (content_hash ~ '^[0-9a-f]{64}$')
);

COMMENT ON TABLE content.image_embedding IS
'One row per PromptContent image: its description, the all-MiniLM-L6-v2 embedding (unit length) and a content hash for incremental refresh.';

-- HNSW with cosine distance (<=>): the model is trained for cosine similarity. m/ef_construction are the
-- pgvector defaults written out so that a reader sees the build parameters.
CREATE INDEX IF NOT EXISTS ix_content_image_embedding_hnsw_cosine
ON content.image_embedding USING hnsw (embedding vector_cosine_ops)
WITH (m = 16, ef_construction = 64);

-- Keyword baselines that the vector search is measured against.
CREATE INDEX IF NOT EXISTS ix_content_image_embedding_tsv
ON content.image_embedding USING gin (description_tsv);

CREATE INDEX IF NOT EXISTS ix_content_image_embedding_trgm
ON content.image_embedding USING gin (description gin_trgm_ops);

COMMIT;
