/** `YYYY-MM` → first day, number of days and each day's ISO weekday. */
export function monthCalendar(month: string): { first: string; days: number; isoDays: number[] } {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  const isoDays = Array.from({ length: days }, (_, d) => {
    const dow = new Date(Date.UTC(year, mon - 1, d + 1)).getUTCDay();
    return dow === 0 ? 7 : dow;
  });
  return { first: `${month}-01`, days, isoDays };
}
