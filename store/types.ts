import type {
  BranchPoint,
  EarlyStopSpec,
  PlanValue,
  TrialConfig,
  TrialEstimates,
} from '../core/types/plan';
import type { TrialStatus } from '../core/protocol';

/** The content of trial.json: the resolved trial plus where and with what it ran. */
export interface StoredTrial {
  version: number;
  id: string;
  experiment: string;
  run: string;
  index: number;
  axes: Record<string, PlanValue>;
  config: TrialConfig;
  estimates: TrialEstimates;
  /** The run's pruner (absent without early_stop): a SLURM task reads it from here. */
  earlyStop?: EarlyStopSpec;
  provenance: {
    peftLab: string;
    node: string;
    host: string;
    pid: number;
    seed: number;
    created: string;
    backend?: string;
    executor?: string;
    slurmJob?: string;
    /** The step of the trial's own checkpoint this attempt resumed from (docs/checkpoints.md). */
    resumedFrom?: number;
  };
  /** WSD branching: the trial started from this other trial's checkpoint at this step. */
  branchedFrom?: BranchPoint;
}

/** What a reader gets for one trial folder. */
export interface TrialEntry {
  id: string;
  trial?: StoredTrial;
  status?: TrialStatus;
}
