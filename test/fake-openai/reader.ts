// Typed reads of request parameters from JSON values or multipart strings,
// failing with the API's invalid_type / range errors.
import { errors } from './errors';

export type Source = 'json' | 'multipart';
export type Raw = Record<string, unknown>;

/** Reads typed fields from JSON values or multipart strings. */
export class Reader {
  constructor(
    private readonly raw: Raw,
    private readonly source: Source,
  ) {}

  get(name: string): unknown {
    return this.raw[name];
  }

  has(name: string): boolean {
    const v = this.raw[name];
    return v !== undefined && v !== null;
  }

  string(name: string): string | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw errors.invalidType(name, 'a string', v);
    return v;
  }

  enumOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    if (!allowed.includes(v as T)) throw errors.invalidValue(name, v, allowed);
    return v as T;
  }

  int(name: string, min: number, max: number): number | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    let n: number;
    if (this.source === 'multipart' && typeof v === 'string') {
      if (!/^-?\d+$/.test(v.trim())) throw errors.invalidType(name, 'an integer', v);
      n = Number(v.trim());
    } else if (typeof v === 'number' && Number.isInteger(v)) {
      n = v;
    } else {
      throw errors.invalidType(name, 'an integer', v);
    }
    if (n < min) throw errors.belowMin(name, min, n);
    if (n > max) throw errors.aboveMax(name, max, n);
    return n;
  }

  bool(name: string): boolean | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'boolean') return v;
    if (this.source === 'multipart' && typeof v === 'string') {
      // The SDK stringifies booleans as 'true' / 'false'; form parsers commonly accept 1/0 too.
      const s = v.trim().toLowerCase();
      if (s === 'true' || s === '1') return true;
      if (s === 'false' || s === '0') return false;
    }
    throw errors.invalidType(name, 'a boolean', v);
  }
}
