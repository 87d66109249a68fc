import { defineOn, enumMemberOn } from '../../code/index.js';
import type { DiffPatch } from '../../diff/index.js';
import type { Location } from '../../model/index.js';
import { registryNumber, registryOf } from '../../model/index.js';
import type { RuleContext } from '../types.js';
import { addedLines, locationOf, patchLines, type PatchLine } from './locate.js';

/** A number claimed by an added `#define` or enum member. */
export interface AddedNumber {
  name: string;
  value: string;
  /** The number within its registry: the bit index for flags, the nr for ioctls. */
  numeric?: bigint;
  registry?: string;
  patch: DiffPatch;
  location: Location;
}

const CONSTANT_NAME = /^[A-Z_][A-Z0-9_]*$/;
const GIVEN_VALUE = /^\s+(.+?)\s*$/;

/** An upper-case name `#define`d to a value, or an enum member, on one line; the value as the line shows it. */
export function numberedOn(text: string): { name: string; value: string } | undefined {
  const d = defineOn(text);
  if (!d) return enumMemberOn(text);
  const value = CONSTANT_NAME.test(d.name) ? GIVEN_VALUE.exec(d.rest)?.[1] : undefined;
  return value === undefined ? undefined : { name: d.name, value };
}

/** `#define`s and `NAME = value,` enum members on added lines of a patch. */
export function addedNumbers(patch: DiffPatch): readonly AddedNumber[] {
  return once(ADDED, patch, () => numbersOn(patch, addedLines(patch)));
}

/** The base as the patch shows it: numbers defined on context and deleted lines. */
export function baseNumbers(patch: DiffPatch): readonly AddedNumber[] {
  return once(BASE, patch, () => numbersOn(patch, [...patchLines(patch)].filter((pl) => pl.line.kind !== 'add')));
}

// Six rules read a patch's numbers, R20 the base's three times: each patch is read once.
const ADDED = new WeakMap<DiffPatch, readonly AddedNumber[]>();
const BASE = new WeakMap<DiffPatch, readonly AddedNumber[]>();
function once(cache: WeakMap<DiffPatch, readonly AddedNumber[]>, patch: DiffPatch, read: () => AddedNumber[]): readonly AddedNumber[] {
  let numbers = cache.get(patch);
  if (!numbers) cache.set(patch, (numbers = read()));
  return numbers;
}

function numbersOn(patch: DiffPatch, lines: Iterable<PatchLine>): AddedNumber[] {
  const out: AddedNumber[] = [];
  for (const pl of lines) {
    if (!/\.(h|c)$/.test(pl.file.path)) continue;
    const m = numberedOn(pl.line.text);
    if (!m) continue;
    const name = m.name;
    const registry = registryOf(name, m.value);
    const value = m.value.trim();
    out.push({ name, value, registry, numeric: registryNumber(registry, value), patch, location: locationOf(patch, pl) });
  }
  return out;
}

export function seriesNumbers(ctx: RuleContext): AddedNumber[] {
  return ctx.series.patches.flatMap(addedNumbers);
}

/** New uapi identifiers: numbers added to include/uapi headers (KVM and mm). */
export function newUapiNumbers(ctx: RuleContext): AddedNumber[] {
  return seriesNumbers(ctx).filter((n) => /^include\/uapi\//.test(n.location.file) && n.registry && n.registry !== 'as-flags' && n.registry !== 'foll');
}

/** Added lines (any file) whose text mentions `symbol`, with their files. */
export function mentions(ctx: RuleContext, symbol: string): { file: string; text: string; patch: DiffPatch; location: Location }[] {
  const re = new RegExp(`\\b${symbol}\\b`);
  const out = [];
  for (const patch of ctx.series.patches) {
    for (const pl of addedLines(patch)) if (re.test(pl.line.text)) out.push({ file: pl.file.path, text: pl.line.text, patch, location: locationOf(patch, pl) });
  }
  return out;
}

export function touchedPaths(ctx: RuleContext): string[] {
  return ctx.series.patches.flatMap((p) => p.files.map((f) => f.path));
}
