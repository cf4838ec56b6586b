#!/usr/bin/env bash
# Fetches one of node-llama-cpp's prebuilt llama.cpp platform packages with the ordinary npm
# client, checks the tarball against the integrity recorded in packages.properties, and unpacks
# its shared libraries into OUT_DIR/dev/gavel/native/<platform>/ with a manifest (file names and
# SHA-256) that the runtime uses to extract them. Usage: fetch.sh <platform> <out-dir> [<cache-dir>]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
platform=${1:?platform, e.g. linux-x64}
out=${2:?output directory}
cache=${3:-${XDG_CACHE_HOME:-$HOME/.cache}/gavel/npm}

prop() { sed -n "s/^$1=//p" "$here/packages.properties" | head -n 1; }
version=$(prop version)
expected=$(prop "$platform")
if [ -z "$expected" ]; then
  echo "gavel native: unknown platform '$platform'; known: $(grep -v '^#' "$here/packages.properties" | grep -v '^version=' | cut -d= -f1 | tr '\n' ' ')" >&2
  exit 2
fi
dest="$out/dev/gavel/native/$platform"
if [ -f "$dest/manifest.properties" ] && grep -qxF "integrity=$expected" "$dest/manifest.properties"; then
  exit 0 # already unpacked from the verified tarball
fi
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  cat >&2 <<MSG
gavel native: the build fetches llama.cpp as the npm package @node-llama-cpp/$platform@$version,
but npm (and node) are not installed. Either install Node.js with npm (any current release), or
build without the bundled library (-Dgavel.native.skip=true) and point Gavel at a llama.cpp
build of your own at run time: -Dgavel.native.dir=/path/to/folder (or GAVEL_NATIVE_DIR).
MSG
  exit 3
fi
mkdir -p "$cache"
tarball="$cache/node-llama-cpp-$platform-$version.tgz"
integrity() {
  node -e 'const c=require("crypto"),f=require("fs");process.stdout.write("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$1"
}
if [ ! -f "$tarball" ] || [ "$(integrity "$tarball")" != "$expected" ]; then
  rm -f "$tarball"
  (cd "$cache" && npm pack --silent "@node-llama-cpp/$platform@$version" >/dev/null)
fi
actual=$(integrity "$tarball")
if [ "$actual" != "$expected" ]; then
  rm -f "$tarball"
  echo "gavel native: @node-llama-cpp/$platform@$version does not match its recorded integrity (expected $expected, got $actual); refusing it" >&2
  exit 4
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$tarball" -C "$work"
bins="$work/package/bins/$platform"
[ -d "$bins" ] || { echo "gavel native: $tarball has no bins/$platform" >&2; exit 4; }
rm -rf "$dest"
mkdir -p "$dest"
{
  echo "# Unpacked by native/fetch.sh from @node-llama-cpp/$platform@$version"
  echo "package=@node-llama-cpp/$platform@$version"
  echo "integrity=$expected"
} > "$work/manifest.properties"
# Only llama.cpp's and ggml's own libraries: the Node addon and the common helpers are not used.
for f in "$bins"/*; do
  name=$(basename "$f")
  case "$name" in
    llama-addon.node|libllama-common.*|llama-common.*|_nlcBuildMetadata.json) continue ;;
    *.so|*.so.*|*.dylib|*.dll|*.metal) ;;
    *) continue ;;
  esac
  cp "$f" "$dest/$name"
  echo "file.$name=$(sha256sum "$dest/$name" | cut -d' ' -f1)" >> "$work/manifest.properties"
done
cp "$work/package/LICENSE" "$dest/LICENSE.node-llama-cpp" 2>/dev/null || true
mv "$work/manifest.properties" "$dest/manifest.properties"
echo "gavel native: bundled @node-llama-cpp/$platform@$version ($(grep -c '^file\.' "$dest/manifest.properties") libraries)"
