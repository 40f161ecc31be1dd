#!/usr/bin/env bash
# Makes (once) a Python virtual environment with the readers the end-to-end tests use, and prints
# its python. NEWSMILL_PYTHON overrides it; NEWSMILL_VENV sets where the environment lives.
set -euo pipefail
if [ -n "${NEWSMILL_PYTHON:-}" ]; then echo "$NEWSMILL_PYTHON"; exit 0; fi
here="$(cd "$(dirname "$0")" && pwd)"
venv="${NEWSMILL_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/newsmill/venv}"
req="$here/requirements.txt"
stamp="$venv/.requirements"
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$req" "$stamp"; then
  mkdir -p "$(dirname "$venv")"
  # Two test binaries may get here at once: one builds, the other waits.
  exec 9>"$venv.lock"
  flock 9
  if [ ! -x "$venv/bin/python" ] || ! cmp -s "$req" "$stamp"; then
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req" >&2
    cp "$req" "$stamp"
  fi
fi
echo "$venv/bin/python"
