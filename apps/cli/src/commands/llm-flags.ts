/**
 * Flags `eval` and `quantize` share: format specs (a registered format or a scaled spec, checked
 * before anything runs) and per-tensor rules (`--keep names --keep-as F`, or a named preset).
 */
import { ErrorCode, getFormat, LowbitError } from '@lowbit/core';
import { RULE_PRESETS, type TensorRule } from '@lowbit/llm';
import { parseFormatSpec } from '@lowbit/quant';

export const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** A registered format (`q4_K`) or a scaled spec (`int4/g32`); E_FORMAT_UNKNOWN otherwise. */
export function checkSpec(spec: string): string {
  if (spec.includes('/')) parseFormatSpec(spec);
  else getFormat(spec);
  return spec;
}

/** Every spec of a comma list resolves before anything runs. */
export function parseFormats(text: string, flag = '--formats'): string[] {
  const formats = list(text);
  if (formats.length === 0) throw new LowbitError(ErrorCode.Usage, `${flag} lists no format.`);
  return formats.map(checkSpec);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface RuleFlags {
  keep?: string | undefined;
  keepAs: string;
  /** A RULE_PRESETS name, and the flag that gave it (`--mix`, `--rules`). */
  preset?: { name: string; flag: string } | undefined;
}

/** --keep names (a tensor's GGUF name or its prefix up to a dot) at --keep-as, then the preset. */
export function parseRules(flags: RuleFlags): TensorRule[] {
  const rules: TensorRule[] = [];
  if (flags.keep !== undefined) {
    checkSpec(flags.keepAs);
    for (const name of list(flags.keep))
      rules.push({ match: new RegExp(`^${escapeRegExp(name)}(\\.|$)`), format: flags.keepAs });
  }
  if (flags.preset !== undefined) {
    const preset = RULE_PRESETS[flags.preset.name];
    if (!preset)
      throw new LowbitError(
        ErrorCode.Usage,
        `${flags.preset.flag} takes ${Object.keys(RULE_PRESETS).join(', ')}, got "${flags.preset.name}".`,
      );
    rules.push(...preset);
  }
  return rules;
}
