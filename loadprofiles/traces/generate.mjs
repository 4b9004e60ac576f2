// Generates the two sample traces in this folder (`node loadprofiles/traces/generate.mjs`).
// They are made up here, with a seeded generator: the formats are the public ones (Azure LLM
// inference traces, Mooncake traces), the data is not anyone's traffic.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;

/** mulberry32: a small seeded generator, so the files come out the same every time. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function lognormal(next, median, sigma, max) {
  const normal = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return Math.max(1, Math.min(max, Math.round(median * Math.exp(sigma * normal))));
}

/** Poisson arrivals whose rate follows `rateAt(seconds)`, by thinning at `peak`. */
function arrivals(next, seconds, peak, rateAt) {
  const times = [];
  for (let t = -Math.log(1 - next()) / peak; t < seconds; t += -Math.log(1 - next()) / peak) {
    if (next() < rateAt(t) / peak) times.push(t);
  }
  return times;
}

/** Azure 2023 layout: TIMESTAMP (100 ns ticks), ContextTokens, GeneratedTokens. Chat: 3 minutes, a burst at 1:30. */
function azureChat() {
  const next = random(2023);
  const start = Date.UTC(2026, 1, 3, 14, 0, 0);
  const rateAt = (t) => 6 + 3 * Math.sin((2 * Math.PI * t) / 120) + (t > 90 && t < 105 ? 10 : 0);
  const rows = arrivals(next, 180, 20, rateAt).map((t) => {
    const stamp = new Date(start + Math.floor(t * 1000)).toISOString().replace('T', ' ').slice(0, 19);
    const ticks = String(Math.floor((t * 1e7) % 1e7)).padStart(7, '0');
    return `${stamp}.${ticks},${lognormal(next, 400, 0.8, 4000)},${lognormal(next, 60, 0.6, 400)}`;
  });
  writeFileSync(join(here, 'azure-style-chat.csv'), `TIMESTAMP,ContextTokens,GeneratedTokens\n${rows.join('\n')}\n`);
  return rows.length;
}

/** Mooncake layout: timestamp (ms from the first request), input_length, output_length, hash_ids. Agent turns: 2 minutes. */
function mooncakeAgent() {
  const next = random(2025);
  let block = 0;
  const lines = [];
  for (const t of arrivals(next, 120, 6, (s) => (s < 60 ? 2 : 4))) {
    // A session of 1–4 turns sharing a growing prefix, each turn a few hundred ms after the last.
    const shared = Array.from({ length: 2 + Math.floor(next() * 6) }, () => block++);
    let input = shared.length * 512;
    let at = Math.round(t * 1000);
    for (let turn = 0, turns = 1 + Math.floor(next() * 4); turn < turns; turn++) {
      const output = lognormal(next, 90, 0.7, 600);
      lines.push(JSON.stringify({ timestamp: at, input_length: input, output_length: output, hash_ids: [...shared] }));
      shared.push(block++);
      input += 512;
      at += 300 + Math.round(next() * 700);
    }
  }
  const sorted = lines.map((line) => JSON.parse(line)).sort((a, b) => a.timestamp - b.timestamp);
  const first = sorted[0].timestamp;
  writeFileSync(
    join(here, 'mooncake-style-agent.jsonl'),
    `${sorted.map((row) => JSON.stringify({ ...row, timestamp: row.timestamp - first })).join('\n')}\n`,
  );
  return sorted.length;
}

process.stdout.write(
  `azure-style-chat.csv: ${azureChat()} requests\nmooncake-style-agent.jsonl: ${mooncakeAgent()} requests\n`,
);
