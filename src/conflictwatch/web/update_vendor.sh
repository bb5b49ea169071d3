#!/usr/bin/env bash
# Re-create web/static/vendor/ from the npm registry (node 20 + npm). The results are committed so that the
# page works offline and CI needs no network; run this only to upgrade a version (edit them here and in
# static/vendor/VERSIONS.txt).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="$HERE/static/vendor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent leaflet@1.9.4 world-atlas@2.0.2 topojson-client@3.1.0 \
  @fontsource/noto-sans-syriac@5.3.0 @fontsource/noto-sans-arabic@5.3.0
mkdir -p "$OUT/leaflet/images" "$OUT/world-atlas"
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/LICENSE "$OUT/leaflet/"
cp node_modules/leaflet/dist/images/*.png "$OUT/leaflet/images/"
cp node_modules/world-atlas/LICENSE "$OUT/world-atlas/"
# Natural Earth 1:110m country outlines (public domain) as GeoJSON, coordinates rounded to 0.01 degree.
node -e '
const topo = require("topojson-client");
const world = require("world-atlas/countries-110m.json");
const fc = topo.feature(world, world.objects.countries);
const round = (c) => Array.isArray(c[0]) ? c.map(round) : [Math.round(c[0] * 100) / 100, Math.round(c[1] * 100) / 100];
for (const f of fc.features) { f.geometry.coordinates = round(f.geometry.coordinates); f.properties = {name: f.properties.name}; delete f.id; }
process.stdout.write(JSON.stringify(fc));
' > "$OUT/world-atlas/countries-110m.geojson"
# Noto fonts for the scripts reports use that system fonts lack (noto-fonts.css, ours, declares them)
for script in syriac arabic; do
  mkdir -p "$OUT/noto-sans-$script"
  cp node_modules/@fontsource/noto-sans-$script/files/noto-sans-$script-$script-{400,700}-normal.woff2 \
     node_modules/@fontsource/noto-sans-$script/LICENSE "$OUT/noto-sans-$script/"
done
echo "vendored into $OUT"
