/** Dark-on-light, system fonts only (the report must open offline with no external asset). */
export const REPORT_CSS = `
:root {
  --ink: #111827; --muted: #4b5563; --line: #d1d5db; --paper: #ffffff; --panel: #f9fafb;
  --pass: #15803d; --pass-bg: #dcfce7; --fail: #b91c1c; --fail-bg: #fee2e2;
  --warn: #92400e; --warn-bg: #fef3c7; --info-bg: #eff6ff;
  --blue: #1d4ed8; --green: #15803d; --condition: #c2410c; --switch: #6d28d9;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--paper); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 24px 64px; }
h1 { font-size: 24px; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 20px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 8px; }
code { font: 13px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.bad { color: var(--fail); font-weight: 600; }

.verdict { display: flex; gap: 24px; align-items: flex-start; padding: 20px 24px; border-radius: 10px; border: 2px solid; }
.verdict-pass { background: var(--pass-bg); border-color: var(--pass); }
.verdict-fail { background: var(--fail-bg); border-color: var(--fail); }
.verdict-word { font-size: 56px; font-weight: 800; line-height: 1; letter-spacing: 0.04em; padding-top: 4px; }
.verdict-pass .verdict-word { color: var(--pass); }
.verdict-fail .verdict-word { color: var(--fail); }
.verdict-headline { margin: 0; font-weight: 600; }
.reasons { margin: 6px 0 0; padding-left: 20px; }
.reasons li { overflow-wrap: anywhere; }

.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 10px 20px; margin: 0; }
.facts dt { font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); }
.facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }

.chip { display: inline-block; padding: 2px 10px; border-radius: 999px; font-size: 12px; font-weight: 700;
  letter-spacing: 0.03em; text-transform: uppercase; white-space: nowrap; }
.chip-pass { background: var(--pass-bg); color: var(--pass); border: 1px solid var(--pass); }
.chip-fail { background: var(--fail-bg); color: var(--fail); border: 1px solid var(--fail); }
.section-verdict { display: flex; gap: 10px; align-items: center; }

.note { padding: 10px 14px; border-radius: 6px; border-left: 4px solid; }
.note-info { background: var(--info-bg); border-color: var(--blue); }
.note-warning { background: var(--warn-bg); border-color: var(--warn); color: var(--warn); font-weight: 600; }
.note-bad { background: var(--fail-bg); border-color: var(--fail); color: var(--fail); font-weight: 600; }

.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(370px, 1fr)); gap: 16px; }
.card { border: 1px solid var(--line); border-top: 5px solid; border-radius: 8px; padding: 14px 16px; background: var(--panel); }
.card-pass { border-top-color: var(--pass); }
.card-fail { border-top-color: var(--fail); }
.card header { display: flex; justify-content: space-between; gap: 12px; align-items: baseline; }
.card h3 { margin: 0 0 6px; overflow-wrap: anywhere; }
.card .facts { grid-template-columns: repeat(3, minmax(0, 1fr)); }
.condition { margin: 0 0 10px; }
.explanation { margin: 12px 0 0; }

table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: break-word; }
th { background: var(--panel); font-weight: 600; white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 0 24px; }
.columns > div:first-child { grid-column: 1 / -1; }

.charts { display: grid; grid-template-columns: 1fr; gap: 24px; }
.chart { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px 8px; }
.chart figcaption { font-weight: 600; margin-bottom: 4px; }
.canvas-box { position: relative; height: 320px; }
.chart-key { display: flex; flex-wrap: wrap; gap: 8px 20px; font-size: 13px; color: var(--muted); margin-bottom: 8px; }
.key { display: inline-block; width: 22px; height: 12px; vertical-align: middle; margin-right: 6px; }
.key-phase { background: rgba(17, 24, 39, 0.1); border-left: 1px dashed #9ca3af; }
.key-fault { background: rgba(220, 38, 38, 0.2); }
.key-condition { height: 0; border-top: 2px dashed var(--condition); }
.key-switch { height: 0; border-top: 2px solid var(--switch); }
.marker-list { list-style: none; padding: 0; margin: 0 0 12px; font-size: 13px; columns: 2; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; background: #9ca3af; }
.swatch-blue { background: var(--blue); }
.swatch-green { background: var(--green); }
.leftovers li { color: var(--fail); font-weight: 600; }
footer { margin-top: 40px; font-size: 12px; color: var(--muted); }
`;
