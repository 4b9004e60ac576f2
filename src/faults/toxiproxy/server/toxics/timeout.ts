import { defineToxic } from './toxic.js';

/**
 * Lets no data through (it is dropped) and closes the connection after `timeout` ms; with 0 it
 * holds the connection open until the toxic is removed. As in current Toxiproxy, removing the
 * toxic closes the connections it held, since the data they were waiting for is gone.
 */
export const timeoutToxic = defineToxic({
  type: 'timeout',
  attributes: ['timeout'],
  start: ({ timeout }, { output }) => {
    const timer = timeout > 0 ? setTimeout(() => output.end(), timeout) : undefined;
    let ended = false;
    return {
      push: (chunk) => output.discard(chunk.data.length),
      end: () => {
        ended = true;
      },
      interrupt: () => {
        clearTimeout(timer);
        return { chunks: [], ended };
      },
      cleanup: () => output.end(),
    };
  },
});
