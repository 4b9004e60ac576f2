/** See test-setup.mjs. */
export function prepareTests(): void;
