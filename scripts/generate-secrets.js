#!/usr/bin/env node
// Prints fresh secrets in .env format, for a production .env or the .env next to docker-compose.yml:
//   node scripts/generate-secrets.js >> .env
// Keep them safe and keep them: data encrypted with PII_KEYS, children found by PII_HMAC_KEY and the audit chain
// signed with AUDIT_CHAIN_KEY need the same values for as long as that data exists.
const { randomBytes } = require('node:crypto');

const key = () => randomBytes(32).toString('base64');
const lines = [
  `JWT_SECRET=${randomBytes(48).toString('base64url')}`,
  `PII_KEYS=k1:${key()}`,
  'PII_ACTIVE_KEY_ID=k1',
  `PII_HMAC_KEY=${key()}`,
  `AUDIT_CHAIN_KEY=${key()}`,
  `BOOTSTRAP_ADMIN_PASSWORD=${randomBytes(18).toString('base64url')}`,
];
process.stdout.write(`${lines.join('\n')}\n`);
