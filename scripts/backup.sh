#!/usr/bin/env bash
# Back up the VOROC PostgreSQL database (SECURITY.md R19).
# Usage: scripts/backup.sh [DATABASE_URL] [FILE]   (defaults: $DATABASE_URL, var/backup-<UTC time>.dump)
# The dump holds pupil data: store it encrypted, with the same access rules as the database.
set -euo pipefail
url="${1:-${DATABASE_URL:?set DATABASE_URL or pass it}}"
file="${2:-var/backup-$(date -u +%Y%m%dT%H%M%SZ).dump}"
mkdir -p "$(dirname "$file")"
pg_dump --format=custom --no-owner --no-privileges --file="$file" "$url"
echo "$file"
