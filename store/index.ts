/** The run store's public API (format: docs/run-store.md). */
export {
  STORE_VERSION,
  FILES,
  runsDir,
  experimentDir,
  trialDir,
  runnerPath,
  cacheDir,
} from './paths';
export { ensureStoreDir, writeAtomic, writeJsonAtomic, readJson } from './atomic';
export {
  acquireLock,
  staleReason,
  pidAlive,
  type LockInfo,
  type LockOptions,
  type TrialLock,
} from './lock';
export {
  writeTrialJson,
  writeStatus,
  writeAdapter,
  openMetrics,
  type MetricsWriter,
} from './write';
export {
  isFinished,
  readTrialStatus,
  readStoredTrial,
  listExperiments,
  readExperiment,
  readExperimentWithMetrics,
  readMetrics,
  readMetricsCounted,
  readMetricsFrom,
  parseMetricLines,
} from './read';
export {
  CHECKPOINT_FORMAT,
  MAX_CHECKPOINT_BYTES,
  checkpointsDir,
  encodeCheckpoint,
  writeCheckpoint,
  listCheckpoints,
  pruneCheckpoints,
  type Checkpoint,
  type CheckpointMeta,
  type CheckpointTensor,
} from './checkpoint';
export { readCheckpoint, latestCheckpoint, type CheckpointRead } from './checkpoint-read';
export { reopenMetricsAt, copyMetricsPrefix } from './metrics-resume';
export { readTrialDamage, damageNote, type TrialDamage } from './damage';
export type { StoredTrial, TrialEntry } from './types';
export {
  journalPath,
  appendJournal,
  readJournal,
  reportIndex,
  journalHistory,
  isSettled,
  type JournalLine,
} from './pruned';
