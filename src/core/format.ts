// Sizes in the UI's language, through `Intl`: what the first-load file needs (the rows' formats: src/element/formatters.ts).

/** Decimal units, as storage makers and operating systems other than Windows show them. */
const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

function scaled(bytes: number): { value: number; unit: (typeof UNITS)[number] } {
  let value = Math.max(0, bytes);
  let index = 0;
  while (value >= 1000 && index < UNITS.length - 1) {
    value /= 1000;
    index++;
  }
  return { value, unit: UNITS[index] };
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A unit's number format in `locale`, made once: making one loads locale data. */
export function unitFormat(locale: string, unit: string, fractionDigits: number): Intl.NumberFormat {
  const key = `${locale}/${unit}/${fractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'unit',
      unit,
      unitDisplay: 'short',
      maximumFractionDigits: fractionDigits,
    });
    numberFormats.set(key, format);
  }
  return format;
}

/** `bytes` (with `suffix`, e.g. `-per-second`) in the largest decimal unit below it: what the first-load file needs. */
export function formatBytes(locale: string, bytes: number, suffix = ''): string {
  const { value, unit } = scaled(bytes);
  return unitFormat(locale, unit + suffix, unit === 'byte' || value >= 100 ? 0 : 1).format(value);
}
