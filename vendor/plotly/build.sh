#!/usr/bin/env bash
# Rebuilds vendor/plotly/plotly-briefing.min.js: plotly.js with only the trace types the site draws
# (scatter, bar, scattergeo, choropleth). About a third of the full bundle, so pages with figures
# evaluate far less script. Needs Node and npm; the site's build does not (the result is committed).
# Keep PLOTLY_VERSION equal to the plotly.js that the pinned Python plotly ships (requirements-dev.txt;
# tests/figures/test_plotly_validation.py checks that it, the bundle and plotly.py agree).
set -euo pipefail
PLOTLY_VERSION=4.1.1
ESBUILD_VERSION=0.25.12
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund "plotly.js@$PLOTLY_VERSION" "esbuild@$ESBUILD_VERSION"
cp "$here/entry.js" .
# plotly's registry imports maplibre's CSS for its map traces, which we do not use: it goes to a
# side file that is thrown away.
node_modules/.bin/esbuild entry.js --bundle --minify --format=iife --global-name=Plotly \
  --define:global=window --define:define.amd=false --target=es2016 --alias:stream=stream-browserify \
  --legal-comments=eof --log-level=warning --outfile=out/plotly-briefing.min.js
cp out/plotly-briefing.min.js "$here/plotly-briefing.min.js"
echo "wrote $here/plotly-briefing.min.js ($(wc -c < "$here/plotly-briefing.min.js") bytes)"
