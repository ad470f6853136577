/**
 * The single-node SLURM of scripts/slurm-local.sh for a test file: started before its tests and
 * stopped after. One local cluster at a time on this machine (fixed ports, one munged): test
 * processes that use it concurrently take turns through a lock that a killed test run does not hold
 * forever. Returns the environment the SLURM clients need (SLURM_CONF of this cluster).
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { acquireLock, type TrialLock } from '../../../store';

const SCRIPT = resolve(__dirname, '../../../scripts/slurm-local.sh');

export function useLocalSlurm(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'peft-slurm-'));
  const env = { SLURM_CI_DIR: dir, SLURM_CONF: join(dir, 'etc', 'slurm.conf') };
  const script = (verb: 'start' | 'stop', timeout: number): void => {
    execFileSync('bash', [SCRIPT, verb], {
      env: { ...process.env, ...env },
      stdio: 'inherit',
      timeout,
    });
  };
  let turn: TrialLock | undefined;
  before(async () => {
    const lock = join(tmpdir(), 'peft-slurm-test.lock');
    for (let i = 0; i < 600; i++) {
      turn = acquireLock(lock, { heartbeatMs: 2_000, staleMs: 30_000 });
      if (turn) break;
      await new Promise((r) => setTimeout(r, 1_000));
    }
    assert.ok(turn, 'another test run held the local SLURM for 10 minutes');
    script('start', 120_000);
  });
  after(() => {
    try {
      script('stop', 60_000);
    } finally {
      turn?.release();
    }
  });
  return env;
}
