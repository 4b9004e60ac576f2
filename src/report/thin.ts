/**
 * About as many columns as a chart's plot is wide in pixels (the report's main column is
 * 1,180 px): a day of seconds drawn point by point would put ~90 points on every pixel and make
 * the page tens of MB.
 */
export const PIXEL_COLUMNS = 1000;

/** Where the points of every thinned series sit: seconds since the run start. */
export interface ThinnedAxis {
  x: number[];
  /** Seconds each column covers (1 when nothing was thinned). */
  secondsPerColumn: number;
  columns: number;
}

/**
 * The x positions for `seconds` one-second values: each second's middle while there are no
 * more than two per column; beyond that, two points per column (at its first and third
 * quarter) that will carry the column's lowest and highest value. Shared by every series.
 */
export function thinnedAxis(seconds: number, columns = PIXEL_COLUMNS): ThinnedAxis {
  if (seconds <= 2 * columns) {
    return { x: Array.from({ length: seconds }, (_, second) => second + 0.5), secondsPerColumn: 1, columns: seconds };
  }
  const secondsPerColumn = Math.ceil(seconds / columns);
  const count = Math.ceil(seconds / secondsPerColumn);
  const x: number[] = [];
  for (let column = 0; column < count; column++) {
    const start = column * secondsPerColumn;
    const width = Math.min(secondsPerColumn, seconds - start);
    x.push(start + width * 0.25, start + width * 0.75);
  }
  return { x, secondsPerColumn, columns: count };
}

/**
 * One value per second (NaN where nothing was measured) as values on `axis`: unchanged when
 * the axis is not thinned, else each column's lowest and highest value in the order they
 * occurred, the way chart.js's min-max decimation keeps them, so a one-second spike stays
 * visible in a day. A column with no value at all is a gap (null, null).
 */
export function thinValues(values: ArrayLike<number>, axis: ThinnedAxis): (number | null)[] {
  const measured = (value: number | undefined): number | null =>
    value === undefined || Number.isNaN(value) ? null : value;
  if (axis.secondsPerColumn === 1) return Array.from({ length: axis.columns }, (_, second) => measured(values[second]));
  const thinned: (number | null)[] = [];
  for (let column = 0; column < axis.columns; column++) {
    const start = column * axis.secondsPerColumn;
    const end = Math.min(values.length, start + axis.secondsPerColumn);
    let low = -1;
    let high = -1;
    for (let second = start; second < end; second++) {
      const value = values[second]!;
      if (Number.isNaN(value)) continue;
      if (low === -1 || value < values[low]!) low = second;
      if (high === -1 || value > values[high]!) high = second;
    }
    if (low === -1) thinned.push(null, null);
    else if (low <= high) thinned.push(values[low]!, values[high]!);
    else thinned.push(values[high]!, values[low]!);
  }
  return thinned;
}
