#!/bin/sh
# Copy the browser QR decoder from npm into static/vendor/, with its licence, so the site
# runs without any JavaScript build step. Run again to update; commit what it writes.
set -eu
JSQR_VERSION=1.4.0
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "jsqr@$JSQR_VERSION" >/dev/null
tar -xzf "jsqr-$JSQR_VERSION.tgz"
mkdir -p "$here/static/vendor/jsqr"
cp package/dist/jsQR.js "$here/static/vendor/jsqr/jsQR.js"
cp package/LICENSE "$here/static/vendor/jsqr/LICENSE"
echo "jsQR $JSQR_VERSION (Apache-2.0), from the npm registry by scripts/vendor_js.sh" > "$here/static/vendor/jsqr/VERSION"
echo "vendored jsQR $JSQR_VERSION into static/vendor/jsqr/"
