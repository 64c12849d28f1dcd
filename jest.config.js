const jestJupyterLab = require('@jupyterlab/testutils/lib/jest-config');

// ES-module-only packages that jest must transform (the union of JupyterLab's base list,
// the extension template's list and our own dependencies; see shared/recipes pitfall P9/P10).
const esModules = [
  '@codemirror',
  '@isomorphic-git',
  '@jupyter/react-components',
  '@jupyter/web-components',
  '@jupyter/ydoc',
  '@jupyterlab/',
  '@lezer',
  '@marijn',
  '@microsoft',
  'color',
  'exenv-es6',
  'isomorphic-git',
  'lib0',
  'marked',
  'nanoid',
  'vscode-ws-jsonrpc',
  'y-protocols',
  'y-websocket',
  'yaml',
  'yjs'
].join('|');

// Coverage and reporter options are global in jest, not per project.
const {
  coverageDirectory,
  coverageReporters,
  reporters,
  testTimeout,
  ...baseConfig
} = jestJupyterLab(__dirname);

const shared = {
  ...baseConfig,
  automock: false,
  transform: {
    ...baseConfig.transform,
    // Type checking is done once by `tsc` in the build; jest only transpiles.
    '^.+\\.tsx?$': [
      'ts-jest',
      { tsconfig: './tsconfig.test.json', isolatedModules: true }
    ]
  },
  transformIgnorePatterns: [`/node_modules/(?!${esModules}).+`]
};

module.exports = {
  reporters: ['default'],
  coverageDirectory,
  coverageReporters,
  testTimeout,
  projects: [
    {
      // The framework-free core and the CLI run in plain Node: fast, and proves they need no DOM.
      ...shared,
      displayName: 'core',
      testEnvironment: 'node',
      testRegex: 'src/(core|cli)/(.*/)?__tests__/.*\\.spec\\.ts$',
      setupFiles: []
    },
    {
      ...shared,
      displayName: 'lab',
      testRegex: 'src/lab/(.*/)?__tests__/.*\\.spec\\.tsx?$'
    }
  ]
};
