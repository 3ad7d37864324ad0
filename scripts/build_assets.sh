#!/usr/bin/env bash
# Copies the front-end assets from node_modules (package.json, pinned in package-lock.json) into
# the repository. The copies are committed, so neither the demo nor CI needs npm; run this
# (`make assets`) only after changing a version in package.json.
#
# What is copied and what is not:
# - @utrecht/component-library-css (EUPL-1.2): the NL Design System components' CSS, with licence.
# - axe-core (MPL-2.0): axe.min.js for the accessibility test (tests/e2e), with licence.
# - @utrecht/design-tokens is NOT copied: those tokens are Gemeente Utrecht's own brand and not
#   open source (its LICENSE.md). VOROC's theme (static/css/theme.css) sets its own values; the
#   package is only read here to check that every --utrecht-* name the theme sets exists.
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund --silent

css=node_modules/@utrecht/component-library-css
out=static/vendor/utrecht
version=$(node -p "require('./$css/package.json').version")
rm -rf "$out"
mkdir -p "$out"
cp "$css/dist/index.css" "$out/component-library-$version.css"
cp "$css/LICENSE.md" "$out/LICENSE.md"
printf '%s\n' "@utrecht/component-library-css $version (EUPL-1.2), copied by scripts/build_assets.sh" >"$out/VERSION"

axe=node_modules/axe-core
mkdir -p tests/e2e/assets
cp "$axe/axe.min.js" tests/e2e/assets/axe.min.js
cp "$axe/LICENSE" tests/e2e/assets/axe-LICENSE.txt
printf '%s\n' "axe-core $(node -p "require('./$axe/package.json').version") (MPL-2.0), copied by scripts/build_assets.sh" >tests/e2e/assets/VERSION

# Every token the theme sets must be a real Utrecht token name (a typo would silently do nothing).
node -e '
const fs = require("fs");
const known = fs.readFileSync("node_modules/@utrecht/design-tokens/dist/theme.css", "utf8");
const used = fs.readFileSync("static/css/theme.css", "utf8").match(/--utrecht-[a-z0-9-]+(?=\s*:)/g) || [];
const component = fs.readFileSync(process.argv[1], "utf8");
const unknown = [...new Set(used)].filter((t) => !known.includes(t + ":") && !component.includes(t));
if (unknown.length) { console.error("theme.css sets unknown tokens:\n  " + unknown.join("\n  ")); process.exit(1); }
' "$out/component-library-$version.css"
echo "assets copied: $out, tests/e2e/assets"
