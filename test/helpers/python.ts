// The one Python interpreter the tests and benches run: PEFT_LAB_PYTHON, else the project's
// environment from scripts/python-env.sh (npm test's pretest builds it). Never `python3` from PATH,
// whose packages depend on the machine (pyenv, Debian, conda…).
import { findProjectPython, NO_PYTHON_HINT } from '../../runtime/python/find-python';

/** The interpreter's path; throws (failing the test, never skipping it) when there is none. */
export function projectPython(): string {
  const python = findProjectPython();
  if (!python) throw new Error(NO_PYTHON_HINT);
  return python;
}
