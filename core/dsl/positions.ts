/**
 * Offset ↔ line/column conversion. Offsets and `character` are UTF-16 code units (JS string
 * indexes), which is what LSP uses by default, so no re-encoding is needed anywhere.
 * Lines end at `\n`, `\r\n` or a lone `\r` (as LSP specifies).
 */

/** A 0-based position, LSP-style. */
export interface Position {
  line: number;
  character: number;
}

export interface LineMap {
  /** Offsets at which each line starts; `lineStarts[0] === 0`. */
  readonly lineStarts: readonly number[];
  readonly length: number;
  /** Offset → 0-based position; offsets are clamped to `[0, length]`. */
  positionAt(offset: number): Position;
  /** 0-based position → offset; a character past the line end clamps to the line end. */
  offsetAt(position: Position): number;
  lineCount(): number;
}

/** Computes the start offset of every line in `text`. */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Builds a LineMap for `text` in O(n); each lookup is O(log lines). */
export function createLineMap(text: string): LineMap {
  const lineStarts = computeLineStarts(text);
  const length = text.length;
  const positionAt = (offset: number): Position => {
    const o = Math.max(0, Math.min(Number.isFinite(offset) ? Math.floor(offset) : 0, length));
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - lineStarts[lo]! };
  };
  const offsetAt = (position: Position): number => {
    if (position.line < 0) return 0;
    if (position.line >= lineStarts.length) return length;
    const start = lineStarts[position.line]!;
    const next = position.line + 1 < lineStarts.length ? lineStarts[position.line + 1]! : length;
    // The line's content ends before its line break.
    let end = next;
    if (end > start && text.charCodeAt(end - 1) === 10) end--;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    return Math.min(start + Math.max(0, position.character), end);
  };
  return { lineStarts, length, positionAt, offsetAt, lineCount: () => lineStarts.length };
}

/** One-shot conversion; build a LineMap instead when converting many offsets of one text. */
export function offsetToPosition(text: string, offset: number): Position {
  return createLineMap(text).positionAt(offset);
}

/** One-shot conversion; build a LineMap instead when converting many positions of one text. */
export function positionToOffset(text: string, position: Position): number {
  return createLineMap(text).offsetAt(position);
}
