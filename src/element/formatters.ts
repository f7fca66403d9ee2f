import { formatBytes, unitFormat } from '../core/format.js';

/** Sizes, speeds, durations and percentages in the UI's language, through `Intl`: what the rows show. */
export interface Formatters {
  size(bytes: number): string;
  speed(bytesPerSecond: number): string;
  /** Seconds, rounded up to what a person cares about ("1 hr, 5 min", "40 sec"). */
  duration(seconds: number): string;
  /** 0–100. */
  percent(value: number): string;
}

interface DurationFormatLike {
  format(duration: { hours?: number; minutes?: number; seconds?: number }): string;
}
type DurationFormatConstructor = new (
  locale: string,
  options: { style: 'short' | 'narrow' | 'long' },
) => DurationFormatLike;

const cache = new Map<string, Formatters>();

export function formattersFor(locale: string): Formatters {
  let formatters = cache.get(locale);
  if (!formatters) {
    formatters = createFormatters(locale);
    cache.set(locale, formatters);
  }
  return formatters;
}

function createFormatters(locale: string): Formatters {
  const amount = (bytes: number, suffix: string) => formatBytes(locale, bytes, suffix);
  // Made on first use: creating them loads locale data, which was most of the time to a first render.
  let percentFormat: Intl.NumberFormat | undefined;
  let durationFormat: DurationFormatLike | null | undefined;
  const durationFormatter = () => {
    if (durationFormat === undefined) {
      const DurationFormat = (Intl as unknown as { DurationFormat?: DurationFormatConstructor }).DurationFormat;
      durationFormat = DurationFormat ? new DurationFormat(locale, { style: 'short' }) : null;
    }
    return durationFormat;
  };

  return {
    size: (bytes) => amount(bytes, ''),
    speed: (bytesPerSecond) => amount(bytesPerSecond, '-per-second'),
    percent: (value) =>
      (percentFormat ??= new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 })).format(
        Math.floor(Math.min(100, Math.max(0, value))) / 100,
      ),
    duration(seconds) {
      const total = Math.max(1, Math.ceil(seconds));
      // Past an hour, seconds are noise.
      const parts =
        total >= 3600
          ? { hours: Math.floor(total / 3600), minutes: Math.floor((total % 3600) / 60) }
          : total >= 60
            ? { minutes: Math.floor(total / 60), seconds: total % 60 }
            : { seconds: total };
      const formatter = durationFormatter();
      if (formatter) return formatter.format(parts);
      return Object.entries(parts)
        .filter(([, value], index) => index === 0 || value > 0)
        .map(([unit, value]) => unitFormat(locale, unit.slice(0, -1), 0).format(value))
        .join(' ');
    },
  };
}
