// One observer for the page's whole life: long tasks (> 50 ms on the main thread) are kept with their start time,
// and each measure counts those inside its own window. Firefox has no Long Tasks API: counts are then null.
const starts: number[] = [];

export const longTasksObservable =
  typeof PerformanceObserver !== 'undefined' && PerformanceObserver.supportedEntryTypes?.includes('longtask');

const observer = longTasksObservable
  ? new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) starts.push(entry.startTime);
    })
  : undefined;
observer?.observe({ type: 'longtask', buffered: true });

/** Long tasks that started in [from, to). Waits a moment first: an entry is queued only after its task ends. */
export async function longTasksBetween(from: number, to: number): Promise<number | null> {
  if (!observer) return null;
  await new Promise((resolve) => setTimeout(resolve, 100));
  for (const entry of observer.takeRecords()) starts.push(entry.startTime);
  return starts.filter((start) => start >= from && start < to).length;
}
