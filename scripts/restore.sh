#!/usr/bin/env bash
# Restore a dump made by scripts/backup.sh into an EMPTY database (SECURITY.md R19).
# Usage: scripts/restore.sh FILE TARGET_DATABASE_URL
set -euo pipefail
file="${1:?dump file}"
url="${2:?target database url}"
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$url" "$file"
