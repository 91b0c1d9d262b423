#!/usr/bin/env bash
# Installs the system libraries ContextTrim links against (libgit2, libxxhash,
# zlib) and pkg-config, from Debian's packages, when any of them is missing;
# packages named as arguments (a benchmark's tools) are installed alongside.
set -euo pipefail

packages=(libgit2-dev libxxhash-dev zlib1g-dev pkg-config "$@")
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
