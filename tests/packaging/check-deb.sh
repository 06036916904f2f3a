#!/usr/bin/env bash
# Builds the Debian package with cpack into a temporary folder and checks it: the file
# name and control fields, the files it holds, the unpacked programs running on a
# generated study, desktop-file-validate, appstreamcli validate --no-net, lintian (no
# errors), the manual pages, the copyright file against the package's dependencies, and
# the icons against their SVG. Reports every problem found, then fails if there was one.
#   check-deb.sh CPACK BUILD_DIR SOURCE_DIR VERSION VEIL_FIXTURES
set -uo pipefail
[ $# -eq 5 ] || { echo "usage: $0 CPACK BUILD_DIR SOURCE_DIR VERSION VEIL_FIXTURES" >&2; exit 2; }
cpack=$1 build=$2 src=$3 version=$4 fixtures=$5

problems=0
fail() { echo "FAIL: $*"; problems=$((problems + 1)); }
ok() { echo "ok: $*"; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/veil-packaging.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
# The programs' settings, key files and caches stay inside the temporary folder.
export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config XDG_DATA_HOME=$tmp/home/.local/share
export XDG_CACHE_HOME=$tmp/home/.cache XDG_RUNTIME_DIR=$tmp/runtime QT_QPA_PLATFORM=offscreen
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

for tool in apt-get dpkg-deb dpkg-parsechangelog desktop-file-validate appstreamcli lintian man rsvg-convert identify compare; do
  command -v "$tool" >/dev/null || fail "$tool is missing (packaging/deps.sh VEIL_TEST_DEBS installs it)"
done
[ $problems -eq 0 ] || exit 1

# --- the package -----------------------------------------------------------------------
deb=$tmp/veil_${version}_amd64.deb
(cd "$build" && "$cpack" -G DEB -B "$tmp") >"$tmp/cpack.log" 2>&1 || {
  cat "$tmp/cpack.log"
  fail "cpack -G DEB failed"
  exit 1
}
[ -f "$deb" ] || { ls "$tmp"; fail "cpack made no $(basename "$deb")"; exit 1; }
ok "cpack made $(basename "$deb") ($(stat -c %s "$deb") bytes)"

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = veil ] || fail "Package is '$(field Package)'"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', the project is $version"
[ "$(field Architecture)" = amd64 ] || fail "Architecture is '$(field Architecture)'"
depends=$(field Depends)
echo "Depends: $depends"
# dpkg-shlibdeps ran: the libraries the programs link to are there, with versions.
for lib in libc6 libqt6core6 libqt6widgets6 libdcmtk17 libtesseract5 libsodium23 libquazip1-qt6-1; do
  grep -Eq "(^|, )$lib \(>= " <<<"$depends" || fail "Depends lacks '$lib (>= ...)' from dpkg-shlibdeps"
done
grep -Eq "(^|, )tesseract-ocr-eng(,|$)" <<<"$depends" || fail "Depends lacks tesseract-ocr-eng"

# apt can install it here: every dependency is known (a dry run; nothing is installed).
if ! { apt-get install -s "$deb" >"$tmp/apt.log" 2>&1 && grep -q "^Inst veil (" "$tmp/apt.log"; }; then
  cat "$tmp/apt.log"
  fail "apt-get install -s cannot install the package"
fi

root=$tmp/root
dpkg-deb -x "$deb" "$root" || { fail "dpkg-deb -x failed"; exit 1; }
expected=(
  usr/bin/veil usr/bin/veil-cli
  usr/share/applications/veil.desktop
  usr/share/metainfo/org.veil.Veil.metainfo.xml
  usr/share/icons/hicolor/scalable/apps/veil.svg
  usr/share/man/man1/veil.1.gz usr/share/man/man1/veil-cli.1.gz
  usr/share/doc/veil/copyright usr/share/doc/veil/changelog.gz
  usr/share/doc/veil/docs/user-guide.md
)
for f in "${expected[@]}"; do [ -f "$root/$f" ] || fail "the package lacks /$f"; done

# --- the icons: every committed PNG installed at its size, and still the SVG's rendering
pngs=0
for png in "$src"/resources/icons/veil-*.png; do
  size=$(basename "$png" .png)
  size=${size#veil-}
  installed=$root/usr/share/icons/hicolor/${size}x${size}/apps/veil.png
  [ -f "$installed" ] || { fail "the package lacks the ${size}x${size} icon"; continue; }
  dims=$(identify -format '%wx%h' "$installed")
  [ "$dims" = "${size}x${size}" ] || fail "the ${size}x${size} icon is $dims"
  rsvg-convert -w "$size" -h "$size" "$src/resources/icons/veil.svg" -o "$tmp/icon.png"
  diff=$(compare -metric AE -fuzz 2% "$tmp/icon.png" "$installed" null: 2>&1)
  [ "$diff" = 0 ] || fail "veil-$size.png differs from veil.svg in $diff pixels: run resources/icons/render-pngs.sh"
  pngs=$((pngs + 1))
done
[ $pngs -ge 4 ] || fail "only $pngs PNG icon sizes"
ok "$pngs PNG icon sizes plus the SVG"

# --- the unpacked programs run on the system's libraries ---------------------------------
for p in veil veil-cli; do
  missing=$(ldd "$root/usr/bin/$p" | grep "not found")
  [ -z "$missing" ] || fail "/usr/bin/$p: libraries not found: $missing"
done
cli=$root/usr/bin/veil-cli
if ! { "$cli" --help >"$tmp/help.txt" 2>&1 && grep -q "^Commands:" "$tmp/help.txt"; }; then
  cat "$tmp/help.txt"
  fail "the unpacked veil-cli --help"
fi
"$cli" info --help >/dev/null 2>&1 || fail "the unpacked veil-cli info --help"
if ! { "$root/usr/bin/veil" --version >"$tmp/version.txt" 2>&1 && grep -q "$version" "$tmp/version.txt"; }; then
  cat "$tmp/version.txt"
  fail "the unpacked veil --version does not say $version"
fi
# A generated study (no patient data, planted identifiers): the packaged engine indexes it,
# reads its burned-in text with the system's Tesseract and English data, de-identifies it,
# and the output passes veil-cli verify.
if "$fixtures" --seed 5 "$tmp/study" >"$tmp/fixtures.log" 2>&1; then
  if "$cli" info --json "$tmp/study" >"$tmp/info.json" 2>"$tmp/info.err" &&
    grep -q '"studies"' "$tmp/info.json"; then
    ok "the unpacked veil-cli info read the generated study"
  else
    cat "$tmp/info.err"
    fail "the unpacked veil-cli info on a generated study"
  fi
  if "$cli" scan --json "$tmp/scan.json" "$tmp/study" >"$tmp/scan.log" 2>&1 &&
    grep -q '"phi": true' "$tmp/scan.json"; then
    ok "the unpacked veil-cli scan found $(grep -o '"phi": true' "$tmp/scan.json" | wc -l) identifying texts by OCR"
  else
    tail -20 "$tmp/scan.log"
    fail "the unpacked veil-cli scan found no identifying burned-in text in the generated study"
  fi
  if VEIL_PASSPHRASE=packaging-test "$cli" deid --out "$tmp/deid" --key-file "$tmp/key" --new-key --redact none --no-ocr \
    "$tmp/study" >"$tmp/deid.log" 2>&1 &&
    "$cli" verify --no-ocr --source "$tmp/study" --output "$tmp/deid" >"$tmp/verify.log" 2>&1; then
    ok "the unpacked veil-cli deid wrote $(find "$tmp/deid" -name '*.dcm' | wc -l) files; verify found nothing in the headers (pixels not read here)"
  else
    tail -20 "$tmp/deid.log" "$tmp/verify.log" 2>/dev/null
    fail "the unpacked veil-cli deid and verify on a generated study"
  fi
else
  cat "$tmp/fixtures.log"
  fail "veil-fixtures could not generate a study"
fi

# --- desktop entry, AppStream, manual pages -----------------------------------------------
desktop-file-validate "$root/usr/share/applications/veil.desktop" ||
  fail "desktop-file-validate"
metainfo=$root/usr/share/metainfo/org.veil.Veil.metainfo.xml
appstreamcli validate --no-net "$metainfo" || fail "appstreamcli validate --no-net"
grep -q '<screenshot' "$metainfo" || fail "the metainfo has no screenshots"
# The tree as a software centre sees it: metainfo, desktop entry and icon found together.
appstreamcli validate-tree --no-net "$root" || fail "appstreamcli validate-tree --no-net"
if appstreamcli compose --no-net --result-root="$tmp/catalog" --origin=veil "$root" >"$tmp/compose.log" 2>&1; then
  catalog=$(zcat "$tmp/catalog"/usr/share/swcatalog/xml/veil.xml.gz 2>/dev/null)
  grep -q '<icon type="cached"' <<<"$catalog" || fail "appstreamcli compose found no icon for the desktop entry"
  grep -Eq '<release [^>]*version="'"$version"'"' <<<"$catalog" || fail "the composed catalog has no release $version"
else
  cat "$tmp/compose.log"
  fail "appstreamcli compose"
fi
for shot in $(grep -o 'docs/screenshot-[a-z-]*\.png' "$metainfo"); do
  [ -f "$src/$shot" ] || fail "the metainfo shows $shot, which is not in the repository"
done
release=$(grep -o '<release version="[^"]*"' "$metainfo" | head -1 | cut -d'"' -f2)
[ "$release" = "$version" ] || fail "the newest metainfo release is '$release', the package $version"
grep -q '<project_license>GPL-3.0-or-later</project_license>' "$metainfo" ||
  fail "the metainfo's project_license is not GPL-3.0-or-later"
grep -q "^Icon=veil$" "$root/usr/share/applications/veil.desktop" || fail "the desktop entry's Icon is not veil"
for page in veil veil-cli; do
  warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z \
    "$root/usr/share/man/man1/$page.1.gz" 2>&1 >/dev/null)
  [ -z "$warnings" ] || fail "$page.1: $warnings"
done
# veil-cli(1) was written from the program's help: every command is in it.
for c in $(awk '/^Commands:$/ { on = 1; next } /^$/ { on = 0 } on && /^  [a-z]/ { print $1 }' "$tmp/help.txt"); do
  zgrep -q "^\.SS \"veil\\\\-cli $c " "$root/usr/share/man/man1/veil-cli.1.gz" ||
    fail "veil-cli.1 has no section for '$c'"
done

# --- licence, copyright, changelog -------------------------------------------------------
cmp -s "$src/LICENSE" /usr/share/common-licenses/GPL-3 || fail "LICENSE is not the GPL-3 text"
copyright=$root/usr/share/doc/veil/copyright
head -1 "$copyright" | grep -q '^Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/$' ||
  fail "copyright is not in the machine-readable format"
grep -q '^License: GPL-3+$' "$copyright" || fail "copyright does not license Veil under GPL-3+"
# Every package the programs depend on has its licence stated in the copyright file.
for dep in $(sed -e 's/([^)]*)//g' -e 's/[,|]/ /g' <<<"$depends"); do
  grep -qw -- "$dep" "$copyright" || fail "copyright does not state the licence of $dep"
done
changelog_version=$(dpkg-parsechangelog -l "$root/usr/share/doc/veil/changelog.gz" -S Version 2>&1)
[ "$changelog_version" = "$version" ] ||
  fail "the changelog's newest entry is '$changelog_version', the package $version"

# --- lintian: errors fail, every tag is listed ---------------------------------------------
lintian --display-info --pedantic --fail-on error "$deb" >"$tmp/lintian.txt" 2>&1
lintian_rc=$?
grep -v '^running with root privileges' "$tmp/lintian.txt" | grep -E '^[EWIPX]:' || true
[ $lintian_rc -eq 0 ] || fail "lintian found errors (exit status $lintian_rc)"

if [ $problems -gt 0 ]; then
  echo "$problems problem(s) in $(basename "$deb")"
  exit 1
fi
echo "all checks passed on $(basename "$deb")"
