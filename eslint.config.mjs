// ESLint (typescript-eslint) for the library, the tests, the sample and the benchmarks; layout
// is Prettier's (.prettierrc.json), so eslint-config-prettier turns the style rules off.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'bench/results/**', 'compat/*/node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    // Decorated classes keep their constructor and parameter types as values (emitDecoratorMetadata):
    // consistent-type-imports must not make those imports type-only, or Nest's injector gets undefined.
    languageOptions: { parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true } },
    rules: {
      // The platform glue handles Express and Fastify objects that it does not type on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      // Validators and Nest decorators take plain functions; `Function` names exactly that.
      '@typescript-eslint/no-unsafe-function-type': 'off',
      // `== null` is the one loose comparison: null or undefined.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // `import x = require('x')` is how a CommonJS package without a default export is typed.
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
      // A variable a callback reads, assigned once just after the callback is made.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Tests write hostile headers on purpose: control characters in patterns are the point.
    files: ['test/**/*.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
