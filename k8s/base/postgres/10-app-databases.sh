#!/bin/sh
# Run once by the image's entrypoint when the data directory is initialised: the databases and login
# roles of n8n and Keycloak (their passwords come from the postgres-credentials Secret). The PromptSales
# databases themselves are created by the loader Job through the harness (`python -m harness run sales`).
set -eu
psql -v ON_ERROR_STOP=1 --username postgres --dbname postgres \
  -v n8n_password="$N8N_DB_PASSWORD" -v keycloak_password="$KEYCLOAK_DB_PASSWORD" <<'SQL'
CREATE ROLE n8n LOGIN PASSWORD :'n8n_password';
CREATE DATABASE n8n OWNER n8n;
CREATE ROLE keycloak LOGIN PASSWORD :'keycloak_password';
CREATE DATABASE keycloak OWNER keycloak;
SQL
