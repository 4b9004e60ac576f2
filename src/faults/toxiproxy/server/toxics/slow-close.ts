import { defineToxic } from './toxic.js';

/** Lets data through but holds the end of the stream (the close) back for `delay` ms. */
export const slowCloseToxic = defineToxic({
  type: 'slow_close',
  attributes: ['delay'],
  start: ({ delay }, { output }) => {
    let timer: NodeJS.Timeout | undefined;
    let endHeld = false;
    return {
      push: (chunk) => output.forward(chunk),
      end: () => {
        endHeld = true;
        timer = setTimeout(() => {
          endHeld = false;
          output.end();
        }, delay);
      },
      interrupt: () => {
        clearTimeout(timer);
        return { chunks: [], ended: endHeld };
      },
    };
  },
});
