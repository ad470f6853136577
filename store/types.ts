import type { PlanValue, TrialConfig, TrialEstimates } from '../core/types/plan';
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
  };
}

/** What a reader gets for one trial folder. */
export interface TrialEntry {
  id: string;
  trial?: StoredTrial;
  status?: TrialStatus;
}
