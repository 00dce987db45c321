/** A calendar month `YYYY-MM` as dates: its first day, the first day of the next month (half-open), its last day and length. */
export function monthRange(month: string): { from: string; to: string; last: string; days: number } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const last = new Date(Date.UTC(y, m, 0));
  return { from: day(new Date(Date.UTC(y, m - 1, 1))), to: day(new Date(Date.UTC(y, m, 1))), last: day(last), days: last.getUTCDate() };
}
