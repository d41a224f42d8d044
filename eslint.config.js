// One linter for the repo: typescript-eslint's strict rules, type-unaware so `npm test` stays quick;
// `tsc` (strict) catches what needs types.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'test-output/**', '.tmp/**'] },
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      // With noUncheckedIndexedAccess, `arr[i]!` after a bounds check is the honest idiom, not a smell.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
