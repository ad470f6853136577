/**
 * What the features see of the run store (`.peft/runs/<experiment>/`): the fitted laws of
 * fits.json and the throughput measured by finished trials. Pure data; reading lives in run-store.ts.
 */
import type { FitsFile, LawFit } from '../core/laws/types';

export interface StoreView {
  fits?: FitsFile;
  /** Median training FLOPs per second of finished trials (trainFlops / wallSeconds), when any. */
  flopsPerSecond?: number;
  /** Number of trials with state "done". */
  finishedTrials: number;
}

export const EMPTY_STORE: StoreView = { finishedTrials: 0 };

/** Returns the store view for an experiment; the server passes its cached reader, tests a constant. */
export type StoreLookup = (uri: string, experiment: string) => StoreView;

/** The fits of law `law` (one per `by` group, or one ungrouped), successful or not. */
export function fitsOf(view: StoreView, law: string): LawFit[] {
  return view.fits?.fits.filter((f) => f.law === law) ?? [];
}

/** The usable fit of `law` for `group` (or the ungrouped fit), or undefined. */
export function fitFor(view: StoreView, law: string, group?: string): LawFit | undefined {
  const fits = fitsOf(view, law).filter((f) => f.ok);
  return (
    fits.find((f) => f.group === group) ??
    (group === undefined ? fits[0] : fits.find((f) => f.group === undefined))
  );
}
