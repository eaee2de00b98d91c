/**
 * The house's dependency rules, checked in CI (`npm run lint:deps`). See docs/architecture.md for the modules and the
 * tables each one owns.
 */
const DOMAIN = '^src/(audit|auth|children|documents|finance|grants|health|registry|rosters|settlement|staff|stats|subsidy-policy|users)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules depend on each other in one direction; a cycle means a port belongs in a smaller module.',
      from: { path: '^src/' },
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'common-and-infra-import-no-domain',
      severity: 'error',
      comment: 'common/ and infra/ are shared by every module and know none of them.',
      from: { path: '^src/(common|infra)/' },
      to: { path: DOMAIN },
    },
    {
      name: 'only-repositories-reach-prisma',
      severity: 'error',
      comment: 'Tables are reached through their owning module\'s repository; enums (src/generated/prisma/enums) are plain values.',
      from: { path: '^src/', pathNot: ['[.]repository[.]ts$', '^src/infra/database/', '^src/generated/'] },
      to: { path: ['^src/generated/prisma/(client|internal|models|browser)', '^src/infra/database/prisma[.]service[.]ts$', '@prisma/'] },
    },
    {
      name: 'console-imports-no-server-code',
      severity: 'error',
      comment: 'The web console talks to the server over HTTP only (types come from the generated OpenAPI schema).',
      from: { path: '^web/src/' },
      to: { path: '^src/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: { path: '^(src|web/src)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules', '^src/generated/'] },
    exclude: { path: ['[.]spec[.]tsx?$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.check.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.d.ts'] },
  },
};
