#!/usr/bin/env bash
# Makes (once) a Python virtual environment and prints its python.
#   bash tests/python-env.sh                      the readers of the end-to-end tests (tests/requirements.txt)
#   bash tests/python-env.sh REQUIREMENTS NAME    another pinned set, in its own environment venv-NAME
#                                                 (e.g. examples/requirements.txt examples)
# NEWSMILL_PYTHON overrides the first (the tests' readers); NEWSMILL_VENV sets where it lives.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/newsmill"
if [ $# -ge 1 ]; then
  req="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
  venv="$cache/venv-${2:?a name for the environment}"
else
  if [ -n "${NEWSMILL_PYTHON:-}" ]; then echo "$NEWSMILL_PYTHON"; exit 0; fi
  req="$here/requirements.txt"
  venv="${NEWSMILL_VENV:-$cache/venv}"
fi
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
