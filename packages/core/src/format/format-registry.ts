import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';
import { didYouMean } from '../errors/suggest.ts';
import { f16 } from './builtin/f16.ts';
import { f32 } from './builtin/f32.ts';
import { defineFormat } from './define-format.ts';
import type { Format } from './format.ts';

export interface RegisterFormatOptions {
  /** Replace an existing format of the same name instead of throwing. */
  override?: boolean;
}

/**
 * Name → format descriptor. A format's `aliases` (former names) resolve to it too, but only its
 * canonical name is listed. One instance (`formatRegistry`) serves the process; the two
 * formats core needs itself, `f32` and `f16`, are present from the start. Everything else is
 * registered explicitly (e.g. `registerAllFormats()` from @lowbit/formats).
 */
export class FormatRegistry {
  private readonly formats = new Map<string, Format>();
  /** Alias → canonical name. */
  private readonly aliases = new Map<string, string>();

  constructor(builtins: readonly Format[] = [f32, f16]) {
    for (const format of builtins) this.register(format);
  }

  register(format: Format, options: RegisterFormatOptions = {}): Format {
    const checked = Object.isFrozen(format) ? format : defineFormat(format);
    const names = [checked.name, ...(checked.aliases ?? [])];
    for (const name of names) {
      const existing = this.lookup(name);
      if (existing && existing !== checked && !options.override) {
        throw new LowbitError(
          ErrorCode.FormatExists,
          `A different format named "${name}" is already registered. ` +
            'Pick another name, or pass { override: true } to replace it.',
          { details: { format: name } },
        );
      }
    }
    for (const name of names) {
      const existing = this.lookup(name);
      if (existing && existing !== checked) this.unregister(existing.name);
    }
    this.formats.set(checked.name, checked);
    for (const alias of checked.aliases ?? []) this.aliases.set(alias, checked.name);
    return checked;
  }

  unregister(name: string): boolean {
    const format = this.lookup(name);
    if (!format) return false;
    for (const alias of format.aliases ?? []) this.aliases.delete(alias);
    return this.formats.delete(format.name);
  }

  has(name: string): boolean {
    return this.lookup(name) !== undefined;
  }

  private lookup(name: string): Format | undefined {
    return this.formats.get(this.aliases.get(name) ?? name);
  }

  get(name: string): Format {
    const format = this.lookup(name);
    if (format) return format;
    throw new LowbitError(
      ErrorCode.FormatUnknown,
      `Unknown format "${name}".${didYouMean(name, this.formats.keys())} ` +
        'Run `lowbit formats` for the full list, or register it with registerFormat().',
      { details: { format: name, known: [...this.formats.keys()] } },
    );
  }

  /** What a name recorded in a file may mean: the format of that name, then former holders. */
  candidates(name: string): Format[] {
    const current = this.lookup(name);
    const former = this.list().filter((f) => f.formerNames?.includes(name));
    return current ? [current, ...former] : former;
  }

  /** Every registered format, in registration order, each once under its canonical name. */
  list(): Format[] {
    return [...this.formats.values()];
  }
}

export const formatRegistry = new FormatRegistry();

export function registerFormat(format: Format, options?: RegisterFormatOptions): Format {
  return formatRegistry.register(format, options);
}

export function getFormat(name: string): Format {
  return formatRegistry.get(name);
}

/** The formats a name recorded in a file may mean, current first (see Format.formerNames). */
export function formatCandidates(name: string): Format[] {
  return formatRegistry.candidates(name);
}

export function listFormats(): Format[] {
  return formatRegistry.list();
}

/** Accepts a name or a descriptor; descriptors are returned as they are. */
export function resolveFormat(format: string | Format): Format {
  return typeof format === 'string' ? formatRegistry.get(format) : format;
}
