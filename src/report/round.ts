/** Chart values to the thousandth: enough for milliseconds and percentages, and a smaller page. */
export function roundTo3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
