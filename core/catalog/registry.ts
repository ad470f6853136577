/** Assembles the catalog's entry lists from their modules (the only place that lists them). */
import type { BlockEntry, CorpusEntry, LawEntry, MethodEntry, OptimizerEntry, ScheduleEntry } from './types';
export { MODELS } from './models';

export const METHODS: readonly MethodEntry[] = [];
export const OPTIMIZERS: readonly OptimizerEntry[] = [];
export const SCHEDULES: readonly ScheduleEntry[] = [];
export const CORPORA: readonly CorpusEntry[] = [];
export const LAWS: readonly LawEntry[] = [];
export const BLOCKS: readonly BlockEntry[] = [];
