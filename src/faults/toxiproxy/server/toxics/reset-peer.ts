import { defineToxic } from './toxic.js';

/**
 * Simulates "connection reset by peer": when the first data (or the end of the stream) reaches
 * the toxic it is dropped, and `timeout` ms later both sockets are closed with a TCP RST.
 * Removing the toxic before then cancels the reset.
 */
export const resetPeerToxic = defineToxic({
  type: 'reset_peer',
  attributes: ['timeout'],
  start: ({ timeout }, { output }) => {
    let timer: NodeJS.Timeout | undefined;
    const trigger = (): void => {
      timer ??= setTimeout(() => output.reset(), timeout);
    };
    return {
      push: (chunk) => {
        output.discard(chunk.data.length);
        trigger();
      },
      end: trigger,
      interrupt: () => {
        clearTimeout(timer);
        return { chunks: [], ended: false };
      },
    };
  },
});
