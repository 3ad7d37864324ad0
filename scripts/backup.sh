#!/usr/bin/env bash
# Back up VOROC: the PostgreSQL database AND the uploaded files (LOB-paspoort PDFs, imports) in one
# archive, encrypted with age for the recipients in VOROC_BACKUP_RECIPIENTS, readable by its owner
# only (mode 0600). Nothing unencrypted is left behind. See docs/backups.md.
#
# Usage: scripts/backup.sh [DATABASE_URL] [MEDIA_DIR] [FILE]
#   defaults: $DATABASE_URL, $MEDIA_ROOT (else var/media), var/backups/voroc-<UTC time>.tar.age
#   VOROC_BACKUP_RECIPIENTS: a file with the age public key(s) that may decrypt (required)
set -euo pipefail
umask 077

url="${1:-${DATABASE_URL:?set DATABASE_URL or pass it}}"
media="${2:-${MEDIA_ROOT:-var/media}}"
file="${3:-var/backups/voroc-$(date -u +%Y%m%dT%H%M%SZ).tar.age}"
recipients="${VOROC_BACKUP_RECIPIENTS:?set VOROC_BACKUP_RECIPIENTS to a file with the age public key(s)}"
[ -r "$recipients" ] || { echo "backup: cannot read recipients file $recipients" >&2; exit 1; }
command -v age >/dev/null || { echo "backup: age is not installed (apt-get install age)" >&2; exit 1; }

mkdir -p "$(dirname "$file")"
work="$(mktemp -d)"  # mode 0700: the plain dump exists only here, only while this runs
trap 'rm -rf "$work"; rm -f "$file.partial"' EXIT

pg_dump --format=custom --no-owner --no-privileges --file="$work/database.dump" "$url"
if [ -d "$media" ]; then
  tar -C "$media" -cf "$work/media.tar" .
else
  echo "backup: no uploaded files at $media (none yet?)" >&2
  tar -cf "$work/media.tar" --files-from /dev/null
fi
tar -C "$work" -cf - database.dump media.tar | age --encrypt --recipients-file "$recipients" --output "$file.partial"
chmod 600 "$file.partial"
mv "$file.partial" "$file"
echo "$file"
