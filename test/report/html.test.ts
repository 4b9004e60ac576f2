import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { buildChartTimeline } from '../../src/report/chart-timeline.js';
import { buildFixture, emptyRunFixture, HOSTILE, HOSTILE_SCRIPT_CLOSE, hostileFixture } from './fixture.js';
import type { Fixture } from './fixture.js';
import { embeddedData } from './embedded-data.js';

function render({ summary, events }: Fixture): string {
  return renderHtml(summary, buildChartTimeline(summary, events));
}

describe('renderHtml', () => {
  it('renders the verdict, facts, rollback cards and tables of a full run', () => {
    const html = render(buildFixture());

    expect(html).toContain('<div class="verdict-word">FAIL</div>');
    expect(html).toContain('SLO &quot;green errors&quot; (green, phase canary)');
    expect(html).toContain('<code>run-20250301-120000</code>');
    expect(html).toContain('fired in time');
    expect(html).toContain('not triggered');
    expect(html).toContain('+14.5 s');
    expect(html).toContain('+17.2 s');
    expect(html).toContain('2.7 s <span class="muted">(budget 10 s)</span>');
    expect(html).toContain('23.81 %');
    expect(html).toContain('+12.0 s');
    expect(html).toContain('+25.0 s');
    expect(html).toContain('Nothing greenlight applied was left behind.');
    for (const name of ['rps', 'errors', 'latency', 'itl']) expect(html).toContain(`data-chart="${name}"`);
  });

  it('inlines Chart.js and loads nothing from elsewhere', () => {
    const html = render(buildFixture());

    expect(html).toContain('Chart.js v4');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href=/);
    expect(html).toContain('content="default-src &#39;none&#39;;');
  });

  it('escapes hostile names everywhere, in markup and in the embedded data', () => {
    const fixture = hostileFixture();
    const html = render(fixture);

    expect(html).not.toContain('<img');
    expect(html).not.toContain(HOSTILE_SCRIPT_CLOSE);
    expect(html).toContain('&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt; &amp; &quot;quotes&quot;');
    // The only </script> sequences are the three closing tags the page itself writes.
    expect(html.split('</script>')).toHaveLength(4);
    const dataBlock = html.slice(html.indexOf('id="greenlight-data"'));
    expect(dataBlock.slice(0, dataBlock.indexOf('</script>'))).not.toMatch(/[\u2028\u2029]/);
    const data = embeddedData(html);
    expect(html).not.toContain('green-latency');
    expect(data.timeline.faults[0]?.label).toBe(`${HOSTILE_SCRIPT_CLOSE}\u2029`);
    expect(data.timeline.phases[0]?.label).toBe(`baseline ${HOSTILE_SCRIPT_CLOSE}`);
    expect(html).toContain(HOSTILE.replace('<', '&lt;').replace('>', '&gt;').replace(/"/g, '&quot;'));
  });

  it('renders an interrupted run with no traffic, rules, faults or audit', () => {
    const html = render(emptyRunFixture());

    expect(html).toContain('<div class="verdict-word">FAIL</div>');
    expect(html).toContain('the run was interrupted by SIGINT before any traffic');
    expect(html).toContain('unknown (no end recorded)');
    expect(html).toContain('The journal was cut off');
    expect(html).toContain('declares no rollback rules');
    expect(html).toContain('injects no faults');
    expect(html).toContain('The cleanup audit did not run');
    expect(html).toContain('nothing to chart');
    expect(html).not.toContain('<canvas');
    expect(html).not.toContain('greenlight-data');
  });

  it('states a pass plainly, and a halt and leftovers when there are some', () => {
    const fixture = buildFixture();
    const { summary } = fixture;
    summary.verdict = 'pass';
    summary.reasons = [];
    summary.halt = { at: summary.startedAt.replace('00:00.000', '00:31.500'), reason: 'blue error rate above 20 %' };
    summary.cleanup = { clean: false, leftovers: ['toxic green-latency on proxy green'] };

    const html = render(fixture);

    expect(html).toContain('<div class="verdict-word">PASS</div>');
    expect(html).toContain('Every SLO, rollback rule and cleanup check passed.');
    expect(html).toContain('Halted at +31.5 s: blue error rate above 20 %');
    expect(html).toContain('<li>toxic green-latency on proxy green</li>');
  });
});
