import type { ChartTimeline } from '../../src/report/chart-timeline.js';

/** The JSON data block of a report page, as the page's script reads it. */
export function embeddedData(html: string): { timeline: ChartTimeline } {
  const open = '<script type="application/json" id="greenlight-data">';
  const start = html.indexOf(open);
  if (start === -1) throw new Error('no data block');
  const end = html.indexOf('</script>', start);
  return JSON.parse(html.slice(start + open.length, end)) as { timeline: ChartTimeline };
}
