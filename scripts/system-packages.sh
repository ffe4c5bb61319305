#!/usr/bin/env bash
# Installs the Debian packages the app and its tests need, where they are missing:
# chromium (browser tests), libharfbuzz-subset0 (WeasyPrint), poppler-utils (PDF checks).
set -euo pipefail
packages=(chromium libharfbuzz-subset0 poppler-utils fonts-dejavu-core)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installo i pacchetti Debian mancanti: ${missing[*]}"
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "Servono i permessi di root per: apt-get install ${missing[*]}" >&2; exit 1; }
  sudo_cmd="sudo"
fi
$sudo_cmd apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
