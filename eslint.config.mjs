import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'src/generated/**', 'coverage/**', 'web/dist/**', 'web/src/api/schema.d.ts', 'clients/typescript/src/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name=/^(it|describe|test)$/][callee.property.name='only']", message: 'No .only in tests' },
      ],
    },
  },
  {
    // type-aware rules: a promise is awaited or handled, never passed where a void callback is expected; a switch
    // over a union covers every member
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'web/src/**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { project: ['./tsconfig.check.json', './web/tsconfig.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    // only repositories (and src/infra/database) reach the tables: elsewhere a transaction is only passed along
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.repository.ts', 'src/infra/database/**', 'src/generated/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name=/^(it|describe|test)$/][callee.property.name='only']", message: 'No .only in tests' },
        { selector: "MemberExpression[object.name='tx']", message: 'Only repositories use a transaction client; pass tx to a repository method' },
        {
          selector: "MemberExpression[object.type='MemberExpression'][object.object.type='ThisExpression'][object.property.name='prisma']",
          message: 'Only repositories use the Prisma client',
        },
      ],
    },
  },
  {
    // configuration is read and validated once, in src/infra/config
    files: ['src/**/*.ts'],
    ignores: ['src/infra/config/**', 'src/generated/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration from AppConfig (src/infra/config)' }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@nestjs/common',
              importNames: ['Body', 'HttpCode'],
              message: 'Use Body and HttpCode from src/infra/http/route-decorators (they leave marks the HTTP pipeline reads)',
            },
          ],
          patterns: [{ group: ['@nestjs/*/constants', '@nestjs/*/enums/*', '@nestjs/*/decorators/*', '@nestjs/core/*'], message: 'Only the public Nest API' }],
        },
      ],
    },
  },
  {
    // the web console runs in the browser
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        URL: 'readonly',
        Blob: 'readonly',
        File: 'readonly',
        FormData: 'readonly',
        XMLHttpRequest: 'readonly',
        EventTarget: 'readonly',
        Event: 'readonly',
        Response: 'readonly',
        AbortSignal: 'readonly',
      },
    },
  },
);
