/**
 * RFC 5322 §3.3 dates (with the obsolete zone names and two-digit years of
 * §4.3) to ISO 8601. Strict on purpose: Date.parse accepts fuzz such as year
 * 207777777777777777777714 or "23:20407080403080105:04" in ways that differ
 * between engines, and a wrong date is worse than none.
 */
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const ZONES: Record<string, number> = { ut: 0, utc: 0, gmt: 0, z: 0, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420 };

const RFC5322 = /^(?:[a-z]{3,9}\s*,?\s*)?(\d{1,2})\s*-?\s*([a-z]{3})[a-z]*\s*-?\s*(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([+-]\d{4}|[a-z]{1,5}))?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, offsetMin: number): string | undefined {
  if (y < 1900 || y > 9999 || mo < 0 || mo > 11 || d < 1 || h > 23 || mi > 59 || s > 60) return undefined;
  const t = Date.UTC(y, mo, d, h, mi, Math.min(s, 59)) - offsetMin * 60000;
  const check = new Date(Date.UTC(y, mo, d));
  if (check.getUTCDate() !== d || Number.isNaN(t)) return undefined;
  return new Date(t).toISOString();
}

function zoneMinutes(zone: string | undefined): number | undefined {
  if (!zone) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (m) {
    if (Number(m[3]) > 59) return undefined;
    return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  }
  if (zone.toLowerCase() === 'z') return 0;
  // Military single letters and unknown names mean "no zone information" (RFC 5322 §4.3): -0000.
  return ZONES[zone.toLowerCase()] ?? (/^[a-z]{1,5}$/i.test(zone) ? 0 : undefined);
}

/** ISO string, or undefined when the value is not a date. */
export function parseMailDate(value: string): string | undefined {
  const s = value.replace(/\([^()]*\)/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
  let m = RFC5322.exec(s);
  if (m) {
    const mo = MONTHS.indexOf(m[2]!);
    let y = Number(m[3]);
    if (m[3]!.length === 2) y += y < 50 ? 2000 : 1900;
    else if (m[3]!.length === 3) y += 1900;
    const off = zoneMinutes(m[7]);
    if (mo < 0 || off === undefined) return undefined;
    return build(y, mo, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), off);
  }
  m = ISO.exec(s);
  if (m) {
    const off = zoneMinutes(m[7]?.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2'));
    if (off === undefined) return undefined;
    return build(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), off);
  }
  return undefined;
}
