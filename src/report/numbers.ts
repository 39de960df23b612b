/** Rounding happens here and only here: analyses keep full precision. */
export function fixed(x: number | null | undefined, digits: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const s = x.toFixed(digits);
  return s === `-${(0).toFixed(digits)}` ? (0).toFixed(digits) : s;
}

export function percent(fraction: number | null | undefined, digits = 2): string {
  return fraction === null || fraction === undefined ? '–' : fixed(fraction * 100, digits);
}

/** Numbers for CSV: full precision, empty for absent. */
export function csvNumber(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '';
  return String(Number(x.toPrecision(12)));
}

/**
 * The one duration formatter. 'brief' (report): "45 s", "12.5 min", "80.2 h", "12.3 d (295 h)",
 * '–' when unknown. 'exact' (inspect, which shows a file's clock as read): "295123.000 s
 * (81 h 58 min 43.0 s)", '—' when unknown (each keeps the placeholder of the table it sits in).
 */
export function formatDuration(s: number | null, style: 'brief' | 'exact' = 'brief'): string {
  if (style === 'exact') {
    if (s === null) return '—';
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const sec = s - h * 3600 - m * 60;
    return `${s.toFixed(3)} s (${h} h ${String(m).padStart(2, '0')} min ${sec.toFixed(1).padStart(4, '0')} s)`;
  }
  if (s === null || !Number.isFinite(s)) return '–';
  if (s < 120) return `${s.toFixed(0)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  if (s < 3 * 86400) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} d (${(s / 3600).toFixed(0)} h)`;
}
