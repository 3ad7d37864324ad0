#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh: the database into an EMPTY database, the uploaded
# files into an empty (or new) directory. Decrypts with the age identity in VOROC_BACKUP_IDENTITY.
# Afterwards run `manage.py migrate` (as the owner) so the application role gets its rights again.
# See docs/backups.md.
#
# Usage: scripts/restore.sh FILE TARGET_DATABASE_URL TARGET_MEDIA_DIR
set -euo pipefail
umask 077

file="${1:?backup file}"
url="${2:?target database url}"
media="${3:?target directory for the uploaded files}"
identity="${VOROC_BACKUP_IDENTITY:?set VOROC_BACKUP_IDENTITY to the age identity (private key) file}"
if [ -d "$media" ] && [ -n "$(ls -A "$media")" ]; then
  echo "restore: $media is not empty; restore the files into an empty directory" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
age --decrypt --identity "$identity" --output "$work/backup.tar" "$file"
tar -C "$work" -xf "$work/backup.tar" database.dump media.tar
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$url" "$work/database.dump"
mkdir -p "$media"
tar -C "$media" -xf "$work/media.tar"
echo "restored into $url and $media"
