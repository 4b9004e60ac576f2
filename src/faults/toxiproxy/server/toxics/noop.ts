import { defineToxic, passThrough } from './toxic.js';

/** Toxiproxy registers `noop` like any other toxic; it changes nothing. */
export const noopToxic = defineToxic({
  type: 'noop',
  attributes: [],
  start: (_attributes, { output }) => passThrough(output),
});
