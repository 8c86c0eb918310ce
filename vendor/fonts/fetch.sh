#!/usr/bin/env bash
# Refetches the Arabic web font in vendor/fonts/ from npm's @fontsource package: Noto Naskh Arabic,
# weights 400 and 700, the arabic subset only, as woff2, and its licence (SIL OFL 1.1). Needs npm;
# the site's build does not (the files are committed). The font's name, weights and unicode-range
# are declared in static/style.css (@font-face); keep them in step with what this copies.
set -euo pipefail
PACKAGE=@fontsource/noto-naskh-arabic
VERSION=5.3.0
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund "$PACKAGE@$VERSION"
from="node_modules/$PACKAGE"
for weight in 400 700; do
  cp "$from/files/noto-naskh-arabic-arabic-$weight-normal.woff2" "$here/"
done
cp "$from/LICENSE" "$here/LICENSE"
# the subset's unicode-range, to compare with style.css's @font-face
grep -A7 'arabic-400-normal \*/' "$from/400.css" | grep unicode-range
ls -l "$here"/*.woff2
