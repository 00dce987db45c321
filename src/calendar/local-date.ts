const stockholmDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date in Göteborg (Europe/Stockholm) at an instant, as YYYY-MM-DD. */
export function localDate(at: Date = new Date()): string {
  return stockholmDate.format(at);
}
