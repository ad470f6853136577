/**
 * Every message between the extension host and a webview page (and the standalone report).
 *
 * Handshake: the page loads, restores its UI state (`getState`), and posts `ready`. The host
 * answers `init` with a full snapshot, then streams deltas (`trial`, `points`, `fits`, `focus`).
 * A page that reloads posts `ready` again and gets a fresh `init`, so the host never has to
 * know what the page already holds. Requests carry an id; the host answers with `response` and
 * the page gives up after a timeout (webview/request-client.ts).
 *
 * Every message from the page is untrusted: the host passes it through `parsePageMessage` and
 * ignores what fails. The page validates host messages too (`parseHostMessage`), because the
 * same parser reads the report's embedded JSON.
 */
import type { FitView, SeriesDelta, Snapshot, TrialView, ViewName } from './model';
import { parseFits, parseSeries, parseSnapshot, parseTrial } from './guards-model';
import { isRecord, isTrialId, isViewName, type Parsed } from './guards';

export const WEBVIEW_PROTOCOL_VERSION = 1;

/** Host → page. */
export type HostMessage =
  /** The full state; answers every `ready`. `focus` highlights one trial. */
  | { type: 'init'; v: number; view: ViewName; snapshot: Snapshot; focus?: string }
  /** A trial was added or changed (status, final metrics). */
  | { type: 'trial'; trial: TrialView }
  /** New points for one or more trials; coalesce to at most ~10 messages per second. */
  | { type: 'points'; series: SeriesDelta[] }
  /** All fits, replacing the previous ones (after `peft fit` or a finished trial). */
  | { type: 'fits'; fits: FitView[] }
  /** Highlight a trial (e.g. chosen in the Runs view). */
  | { type: 'focus'; trial: string }
  /** Answer to a page request. */
  | { type: 'response'; id: number; ok: true }
  | { type: 'response'; id: number; ok: false; error: string };

/** What a page may ask the host to do. */
export type PageRequestMethod = 'refresh' | 'reveal-trial';
export const PAGE_REQUEST_METHODS: readonly PageRequestMethod[] = ['refresh', 'reveal-trial'];

/** Page → host. */
export type PageMessage =
  /** The page is ready for `init` (sent on every load). */
  | { type: 'ready'; v: number; view: ViewName }
  /** The user clicked a trial (sweep table): the host shows its loss curve. */
  | { type: 'open-trial'; trial: string }
  /** A request with an id the host must answer with `response`. */
  | { type: 'request'; id: number; method: PageRequestMethod; trial?: string }
  /** An error or warning from the page, for the host's log. */
  | { type: 'log'; level: 'error' | 'warn'; message: string };

const MAX_LOG_MESSAGE = 2000;

/**
 * Validates a message received from a page. Takes any value (the page is untrusted); returns
 * `{ ok: true, value }` with a fresh object holding only the known fields, or `{ ok: false, error }`
 * naming what was wrong. Never throws.
 */
export function parsePageMessage(raw: unknown): Parsed<PageMessage> {
  if (!isRecord(raw)) return fail(`message is not an object: ${typeof raw}`);
  switch (raw.type) {
    case 'ready':
      if (raw.v !== WEBVIEW_PROTOCOL_VERSION)
        return fail(`ready: unsupported protocol version ${String(raw.v)}`);
      if (!isViewName(raw.view)) return fail(`ready: unknown view ${JSON.stringify(raw.view)}`);
      return ok({ type: 'ready', v: raw.v, view: raw.view });
    case 'open-trial':
      if (!isTrialId(raw.trial))
        return fail(`open-trial: invalid trial id ${JSON.stringify(raw.trial)}`);
      return ok({ type: 'open-trial', trial: raw.trial });
    case 'request': {
      const { id, method, trial } = raw;
      if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0)
        return fail(`request: invalid id ${String(id)}`);
      if (!PAGE_REQUEST_METHODS.includes(method as PageRequestMethod))
        return fail(`request: unknown method ${JSON.stringify(method)}`);
      if (method === 'reveal-trial' && !isTrialId(trial))
        return fail(`request reveal-trial: invalid trial id ${JSON.stringify(trial)}`);
      const message: PageMessage = { type: 'request', id, method: method as PageRequestMethod };
      if (method === 'reveal-trial') message.trial = trial as string;
      return ok(message);
    }
    case 'log':
      if (raw.level !== 'error' && raw.level !== 'warn')
        return fail(`log: invalid level ${JSON.stringify(raw.level)}`);
      if (typeof raw.message !== 'string') return fail('log: message is not a string');
      return ok({ type: 'log', level: raw.level, message: raw.message.slice(0, MAX_LOG_MESSAGE) });
    default:
      return fail(`unknown page message type ${JSON.stringify(raw.type)}`);
  }
}

/**
 * Validates a message from the host (or the report's embedded `init`). Returns the message with
 * every field checked (numbers finite or NaN where a metric diverged, ids well-formed, arrays of
 * equal length), or an error naming the first problem. Never throws.
 */
export function parseHostMessage(raw: unknown): Parsed<HostMessage> {
  if (!isRecord(raw)) return fail(`message is not an object: ${typeof raw}`);
  switch (raw.type) {
    case 'init': {
      if (raw.v !== WEBVIEW_PROTOCOL_VERSION)
        return fail(`init: unsupported protocol version ${String(raw.v)}`);
      if (!isViewName(raw.view)) return fail(`init: unknown view ${JSON.stringify(raw.view)}`);
      if (raw.focus !== undefined && !isTrialId(raw.focus))
        return fail(`init: invalid focus ${JSON.stringify(raw.focus)}`);
      const snapshot = parseSnapshot(raw.snapshot);
      if (!snapshot.ok) return fail(`init: ${snapshot.error}`);
      const message: HostMessage = {
        type: 'init',
        v: raw.v,
        view: raw.view,
        snapshot: snapshot.value,
      };
      if (typeof raw.focus === 'string') message.focus = raw.focus;
      return ok(message);
    }
    case 'trial': {
      const trial = parseTrial(raw.trial);
      return trial.ok ? ok({ type: 'trial', trial: trial.value }) : fail(`trial: ${trial.error}`);
    }
    case 'points': {
      const series = parseSeries(raw.series);
      return series.ok
        ? ok({ type: 'points', series: series.value })
        : fail(`points: ${series.error}`);
    }
    case 'fits': {
      const fits = parseFits(raw.fits);
      return fits.ok ? ok({ type: 'fits', fits: fits.value }) : fail(`fits: ${fits.error}`);
    }
    case 'focus':
      return isTrialId(raw.trial)
        ? ok({ type: 'focus', trial: raw.trial })
        : fail(`focus: invalid trial id ${JSON.stringify(raw.trial)}`);
    case 'response': {
      if (typeof raw.id !== 'number' || !Number.isSafeInteger(raw.id))
        return fail(`response: invalid id ${String(raw.id)}`);
      if (raw.ok === true) return ok({ type: 'response', id: raw.id, ok: true });
      const error = typeof raw.error === 'string' ? raw.error : 'unknown error';
      return ok({ type: 'response', id: raw.id, ok: false, error });
    }
    default:
      return fail(`unknown host message type ${JSON.stringify(raw.type)}`);
  }
}

function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}
function fail<T>(error: string): Parsed<T> {
  return { ok: false, error };
}
