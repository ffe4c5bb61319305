#!/usr/bin/env bash
# Creates .venv with Python 3.12+ and installs the pinned requirements.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  # pyenv reads .python-version; otherwise any python3.12+ on the PATH will do.
  for candidate in "$(command -v pyenv >/dev/null 2>&1 && pyenv which python 2>/dev/null || true)" \
                   "$HOME/.pyenv/versions/$(cat .python-version 2>/dev/null)/bin/python" \
                   python3.12 python3.13 python3.14 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && \
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

python=$(find_python) || { echo "Serve Python 3.12 o più recente (pyenv install 3.12)." >&2; exit 1; }
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then
  rm -rf .venv
  "$python" -m venv .venv
fi
# Some machines point pip at local mirror folders that may not exist; their warnings are noise.
quiet_pip() {
  .venv/bin/python -m pip --disable-pip-version-check --quiet "$@" 2>&1 | { grep -v "^WARNING: Location" || true; }
  return "${PIPESTATUS[0]}"
}
quiet_pip install --upgrade pip
quiet_pip install -r requirements-dev.txt
