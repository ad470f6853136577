#!/usr/bin/env bash
# `npm run test:python`: pytest over python/tests (the torch backend's Python package) with the
# project's interpreter (PEFT_LAB_PYTHON, else the environment of scripts/python-env.sh, built
# here if missing). Extra arguments go to pytest. PEFT_LAB_PYTHON_TESTS names another folder.
# No test files yet: says so and passes. Test files that collect nothing (pytest's exit 5) fail,
# like any failing test: a suite that silently stopped running is a failure, not a pass.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TESTS=${PEFT_LAB_PYTHON_TESTS:-$ROOT/python/tests}
if [ -z "$(find "$TESTS" \( -name 'test_*.py' -o -name '*_test.py' \) -print -quit 2>/dev/null)" ]; then
  echo "test:python: no test files under $TESTS yet: nothing to run"
  exit 0
fi
PY=$(bash "$ROOT/scripts/python-env.sh")
cd "$ROOT"
export PYTHONPATH="$ROOT/python${PYTHONPATH:+:$PYTHONPATH}"
set +e
"$PY" -m pytest -p no:cacheprovider "$TESTS" "$@"
rc=$?
[ $rc -eq 5 ] && echo "test:python: pytest collected no tests from the files under $TESTS (exit 5): failing" >&2
exit $rc
