import { defineStatefulToxic } from './toxic.js';

/**
 * Closes the connection once `bytes` bytes have gone through in this direction; the chunk that
 * crosses the limit is cut at it. The count survives attribute updates.
 */
export const limitDataToxic = defineStatefulToxic({
  type: 'limit_data',
  attributes: ['bytes'],
  newState: () => ({ transmitted: 0 }),
  start: ({ bytes }, { output, state }) => ({
    push: (chunk) => {
      const allowed = Math.max(0, Math.min(chunk.data.length, bytes - state.transmitted));
      if (allowed > 0) {
        output.forward({ data: chunk.data.subarray(0, allowed), timestamp: chunk.timestamp });
        state.transmitted += allowed;
      }
      output.discard(chunk.data.length - allowed);
      if (bytes - state.transmitted <= 0) output.end();
    },
    end: () => output.end(),
    interrupt: () => ({ chunks: [], ended: false }),
  }),
});
