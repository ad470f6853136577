/**
 * TPE state ↔ JSON text. The state is plain data already; reviving checks its shape so a
 * damaged store file gives a clear error instead of a search that silently restarts.
 */
import { validateSpace, type Axis } from './space';
import { DEFAULT_TPE_OPTIONS, type TpeOptions, type TpeState, type TpeTrial } from './tpe';

/** The state as JSON text (stable key order: the objects are built in a fixed order). */
export function serializeTpe(state: TpeState): string {
  return JSON.stringify(state);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function reviveTrial(v: unknown, i: number): TpeTrial {
  if (!isObject(v) || v.number !== i || !isObject(v.params))
    throw new Error(`tpe state: trial ${i} is malformed`);
  if (v.state !== 'pending' && v.state !== 'done' && v.state !== 'failed')
    throw new Error(`tpe state: trial ${i} has state ${JSON.stringify(v.state)}`);
  if (v.state === 'done' && typeof v.value !== 'number')
    throw new Error(`tpe state: done trial ${i} has no value`);
  const params: Record<string, string | number> = {};
  for (const [k, p] of Object.entries(v.params)) {
    if (typeof p !== 'string' && typeof p !== 'number')
      throw new Error(`tpe state: trial ${i} parameter ${k} is not a string or number`);
    params[k] = p;
  }
  return v.state === 'done'
    ? { number: i, params, state: 'done', value: v.value as number }
    : { number: i, params, state: v.state };
}

/** Parses JSON text back into a state; throws an error naming the first malformed field. */
export function reviveTpe(text: string): TpeState {
  const v: unknown = JSON.parse(text);
  if (!isObject(v) || v.version !== 1) throw new Error('tpe state: not a version-1 TPE state');
  if (
    typeof v.seed !== 'number' ||
    !Array.isArray(v.axes) ||
    !Array.isArray(v.trials) ||
    !isObject(v.options)
  )
    throw new Error('tpe state: missing seed, axes, options or trials');
  const axes = v.axes as Axis[];
  validateSpace(axes);
  const options: TpeOptions = { ...DEFAULT_TPE_OPTIONS };
  for (const k of Object.keys(DEFAULT_TPE_OPTIONS) as Array<keyof TpeOptions>) {
    const o = v.options[k];
    if (typeof o !== 'number') throw new Error(`tpe state: option ${k} is not a number`);
    options[k] = o;
  }
  return { version: 1, seed: v.seed, axes, options, trials: v.trials.map(reviveTrial) };
}
