#!/usr/bin/env bash
# Makes the Python environment the end-to-end tests use: a virtual
# environment at .build/venv with the official anthropic and openai SDKs
# (Tests/sdk/requirements.txt), from PyPI. Fails, saying why, when Python
# or PyPI cannot be had: the SDK tests are never skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
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
  echo "setup-test-env: could not install the SDKs from PyPI ($requirements)" >&2
  exit 1
fi
cp "$requirements" "$stamp"
