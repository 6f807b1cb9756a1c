#!/bin/sh
# Run by the postgres image once, when its data volume is empty (/docker-entrypoint-initdb.d).
# The image has already created POSTGRES_DB, the event store's database; this adds the read
# models' database (READ_MODEL_DB), owned by the same user. The apps create their tables.
set -eu
psql --no-psqlrc -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v db="${READ_MODEL_DB:-poverty_read}" -v owner="$POSTGRES_USER" <<'SQL'
CREATE DATABASE :"db" OWNER :"owner";
SQL
