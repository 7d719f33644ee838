/**
 * Unit tests of the extension's TypeScript (`jlpm test`): src/__tests__/*.spec.ts,
 * compiled by ts-jest to CommonJS, run in jsdom for the parts that draw DOM.
 */
module.exports = {
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/src'],
  testMatch: ['**/__tests__/**/*.spec.ts'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }]
  },
  moduleNameMapper: {
    '\\.(css|svg)$': '<rootDir>/src/__tests__/fixtures/empty.js'
  }
};
