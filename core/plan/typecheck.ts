/**
 * Checks evaluated values against catalog ParamSpecs: type, integrality, range, enum membership,
 * reference kind; resolves aliases (warning + quick fix to the PEFT name) and reports unknown
 * parameters with a did-you-mean. Pure: reports through the Evaluator.
 */
import type { Span } from '../dsl/ast';
import { DiagnosticCodes, diagnostic } from '../dsl/diagnostics';
import { closestName } from '../dsl/suggest';
import { resolveAlias, type BlockKind, type ParamSpec, type ParamType } from '../catalog';
import type { Evaluator } from './evaluate';
import { isAxis, isConstruct, isRef, show, type Value } from './values';

/** What a block kind a named block is, for `ref` parameters. */
export type KindOf = (blockName: string) => string | undefined;

/**
 * Maps a written key to its spec. Returns the canonical name (alias resolved, with a warning) or
 * undefined for an unknown key (reported when `specs` is non-empty and `report` is true).
 */
export function resolveKey(
  ev: Evaluator,
  specs: readonly ParamSpec[],
  key: string,
  keyRange: Span,
  block: BlockKind,
  entry: string | undefined,
  report = true,
): ParamSpec | undefined {
  const spec = specs.find((s) => s.name === key);
  if (spec) return spec;
  const alias = resolveAlias(key, block, entry) ?? resolveAlias(key);
  const target = alias ? specs.find((s) => s.name === alias.canonical) : undefined;
  if (alias && target) {
    ev.report(
      diagnostic(
        DiagnosticCodes.parameterAlias,
        'warning',
        `'${key}' is ${alias.tool}'s name for PEFT's '${alias.canonical}'; write '${alias.canonical}' so the file maps 1:1 to adapter_config.json.`,
        keyRange,
        { kind: 'replace', text: alias.canonical, title: `Rename to '${alias.canonical}'` },
      ),
    );
    return target;
  }
  if (report && specs.length > 0) {
    const guess = closestName(
      key,
      specs.map((s) => s.name),
    );
    ev.error(
      DiagnosticCodes.unknownParameter,
      `Unknown parameter '${key}' for ${entry ?? block}${
        guess
          ? `; did you mean '${guess}'?`
          : `; valid: ${specs
              .slice(0, 8)
              .map((s) => s.name)
              .join(', ')}${specs.length > 8 ? ', …' : ''}.`
      }`,
      keyRange,
      guess ? { kind: 'replace', text: guess, title: `Change to '${guess}'` } : undefined,
    );
  }
  return undefined;
}

const typesOf = (spec: ParamSpec): readonly ParamType[] =>
  typeof spec.type === 'string' ? [spec.type] : spec.type;

function accepts(t: ParamType, v: Value, spec: ParamSpec, kindOf: KindOf): boolean {
  switch (t) {
    case 'int':
    case 'float':
    case 'size':
      return typeof v === 'number';
    case 'fraction':
      return typeof v === 'number';
    case 'bool':
      return typeof v === 'boolean';
    case 'string':
      return typeof v === 'string';
    case 'enum':
      return (
        typeof v === 'string' &&
        (!!spec.values?.includes(v) ||
          (!!spec.pattern && new RegExp(`^(?:${spec.pattern})$`).test(v)))
      );
    case 'list':
      return Array.isArray(v);
    case 'ref':
      return isRef(v) && (!spec.refKind || kindOf(v.name) === spec.refKind);
    case 'map':
      return isConstruct(v) && v.head === '';
  }
}

/** Checks one value (each value of an axis) against `spec`; reports at `at`. */
export function checkValue(
  ev: Evaluator,
  spec: ParamSpec,
  v: Value,
  at: Span,
  kindOf: KindOf,
  namesOf?: (kind: string) => string[],
): void {
  if (v === undefined) return;
  if (isAxis(v)) {
    if (v.zipped) return;
    for (const x of v.values) checkValue(ev, spec, x, v.node, kindOf, namesOf);
    return;
  }
  const types = typesOf(spec);
  const ok = types.find((t) => accepts(t, v, spec, kindOf));
  if (!ok) {
    if (types.includes('enum') && typeof v === 'string') {
      const guess = closestName(v, spec.values ?? []);
      ev.error(
        DiagnosticCodes.unknownEnumValue,
        `'${v}' is not a valid ${spec.name}${guess ? `; did you mean '${guess}'?` : `; use one of ${(spec.values ?? []).join(', ')}.`}`,
        at,
        guess ? { kind: 'replace', text: guess, title: `Change to '${guess}'` } : undefined,
      );
      return;
    }
    if (types.includes('ref') && (isRef(v) || typeof v === 'string')) {
      const name = isRef(v) ? v.name : v;
      const guess = closestName(name, namesOf?.(spec.refKind ?? '') ?? []);
      ev.error(
        isRef(v) ? DiagnosticCodes.wrongKind : DiagnosticCodes.undefinedReference,
        isRef(v)
          ? `'${name}' is a ${kindOf(name)} block, but ${spec.name} needs a ${spec.refKind ?? 'block'}.`
          : `No ${spec.refKind ?? ''} block named '${name}'${guess ? `; did you mean '${guess}'?` : `; declare it (e.g. '${spec.refKind ?? 'model'} ${name} = …') or fix the name.`}`,
        at,
        guess ? { kind: 'replace', text: guess, title: `Change to '${guess}'` } : undefined,
      );
      return;
    }
    ev.error(
      DiagnosticCodes.typeMismatch,
      `${spec.name} must be ${types.join(' or ')}, not ${show(v)}.`,
      at,
    );
    return;
  }
  if (typeof v !== 'number') return;
  if (
    (ok === 'int' || ok === 'size') &&
    !types.includes('float') &&
    Number.isInteger(v) &&
    !Number.isSafeInteger(v)
  ) {
    ev.error(
      DiagnosticCodes.outOfRange,
      `${spec.name} = ${v} is above 2^53, past exact whole numbers.`,
      at,
    );
    return;
  }
  if ((ok === 'int' || ok === 'size') && !types.includes('float') && !Number.isInteger(v)) {
    ev.error(DiagnosticCodes.notInteger, `${spec.name} must be a whole number, not ${v}.`, at, {
      kind: 'replace',
      text: String(Math.max(1, Math.round(v))),
      title: `Round to ${Math.max(1, Math.round(v))}`,
    });
    return;
  }
  const min = ok === 'fraction' ? Math.max(spec.min ?? 0, 0) : spec.min;
  const max = ok === 'fraction' ? Math.min(spec.max ?? 1, 1) : spec.max;
  const low = min !== undefined && (spec.exclusiveMin ? v <= min : v < min);
  const high = max !== undefined && (spec.exclusiveMax ? v >= max : v > max);
  if (!low && !high) return;
  const bound = low ? min : max!;
  const exclusive = low ? spec.exclusiveMin : spec.exclusiveMax;
  const integral = ok === 'int' || ok === 'size';
  const nearest = exclusive ? (integral ? bound + (low ? 1 : -1) : undefined) : bound;
  const rangeText = `${min === undefined ? '' : `${spec.exclusiveMin ? '>' : '≥'} ${min}`}${min !== undefined && max !== undefined ? ' and ' : ''}${max === undefined ? '' : `${spec.exclusiveMax ? '<' : '≤'} ${max}`}`;
  ev.error(
    DiagnosticCodes.outOfRange,
    `${spec.name} = ${v} is out of range: it must be ${rangeText}${nearest !== undefined ? `; nearest valid value is ${nearest}` : ''}.`,
    at,
    nearest !== undefined
      ? { kind: 'replace', text: String(nearest), title: `Change to ${nearest}` }
      : undefined,
  );
}
