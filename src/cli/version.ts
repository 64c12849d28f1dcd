/** Replaced at bundle time by scripts/build-cli.mjs with package.json's version. */
declare const __LINEARIZE_VERSION__: string | undefined;

export const VERSION: string =
  typeof __LINEARIZE_VERSION__ === 'string'
    ? __LINEARIZE_VERSION__
    : '0.0.0-dev';
