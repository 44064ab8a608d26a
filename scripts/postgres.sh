#!/usr/bin/env bash
# Start Debian's PostgreSQL (installing it if missing), make sure the `lapor` role and
# database exist, and print the DATABASE_URL. Everything but the URL goes to stderr.
# Usage: scripts/postgres.sh [DATABASE_NAME]   (default: lapor)
set -euo pipefail
name="${1:-lapor}"
cd /
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
service postgresql start >&2
for _ in $(seq 1 60); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 0.5
done
pg_isready -h 127.0.0.1 -p 5432 >&2
runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 >&2 <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'lapor') THEN
    CREATE ROLE lapor LOGIN CREATEDB PASSWORD 'lapor';
  END IF;
END $$;
SQL
if ! runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
    runuser -u postgres -- createdb -O lapor "$name" >&2
fi
echo "postgres://lapor:lapor@127.0.0.1:5432/$name"
