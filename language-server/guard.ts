/**
 * runSafe: every request handler goes through here. A cancelled request answers with the LSP
 * RequestCancelled error; an exception is logged and answers with the handler's empty result, so
 * no request can take the server down.
 */
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';

export type Logger = (message: string) => void;

export function runSafe<T>(
  log: Logger,
  name: string,
  token: CancellationToken | undefined,
  empty: T,
  fn: () => T,
): T | ResponseError<void> {
  if (token?.isCancellationRequested)
    return new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
  try {
    const result = fn();
    if (token?.isCancellationRequested)
      return new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
    return result;
  } catch (err) {
    // A deliberate protocol error (an invalid rename) goes back to the client as is.
    if (err instanceof ResponseError) return err as ResponseError<void>;
    log(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return empty;
  }
}
