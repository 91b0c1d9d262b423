#!/usr/bin/env bash
# Makes what the end-to-end tests use: Chromium from Debian's packages (the
# audit page is opened in it, Tests/browser/render_page.py), and a virtual
# environment at .build/venv with the official anthropic and openai SDKs and tiktoken
# (Tests/sdk/requirements.txt), from PyPI. Fails, saying why, when any of
# them cannot be had: no test is ever skipped for want of them.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null; then
  ./scripts/install-system-deps.sh chromium
  command -v chromium >/dev/null || { echo "setup-test-env: chromium could not be installed (apt-get install chromium)" >&2; exit 1; }
fi
venv=.build/venv
requirements=Tests/sdk/requirements.txt
stamp=$venv/.requirements

if [ -x "$venv/bin/python" ] && cmp -s "$requirements" "$stamp"; then
  exit 0
fi
python=$(command -v python3 || true)
if [ -z "$python" ]; then
  echo "setup-test-env: python3 is needed for the SDK tests (apt-get install python3 python3-venv)" >&2
  exit 1
fi
if ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
  echo "setup-test-env: installing python3-venv" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv >/dev/null
fi
echo "setup-test-env: making $venv with $(grep -v '^#' "$requirements" | tr '\n' ' ')" >&2
rm -rf "$venv"
mkdir -p .build
"$python" -m venv "$venv"
if ! "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"; then
  echo "setup-test-env: could not install the Python packages from PyPI ($requirements)" >&2
  exit 1
fi
cp "$requirements" "$stamp"
