/**
 * Secrets that are public because they are written in this repository (.env.example, and the defaults an earlier
 * docker-compose.yml carried). Fine for a developer's machine; NODE_ENV=production refuses every one of them.
 * `app-config.spec.ts` reads .env.example and fails if a secret there is missing from this list.
 */
const PUBLIC_SECRETS: Record<string, string[]> = {
  JWT_SECRET: ['change-me-in-production-0123456789abcdef', 'local-trial-secret-change-me-0123456789'],
  BOOTSTRAP_ADMIN_PASSWORD: ['change-me-now-please'],
  PII_HMAC_KEY: ['ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA='],
  AUDIT_CHAIN_KEY: ['YXVkaXQtY2hhaW4tZXhhbXBsZS1ub3Qtc2VjcmV0ISE='],
};
/** Key material of PII_KEYS entries, whatever id they are listed under. */
const PUBLIC_PII_KEYS = ['MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY='];

/** The names of the variables in `env` that hold one of the public example secrets. */
export function publicExampleValuesIn(env: Record<string, string | undefined>): string[] {
  const found = Object.entries(PUBLIC_SECRETS)
    .filter(([name, values]) => env[name] !== undefined && values.includes(env[name]))
    .map(([name]) => name);
  const piiKeys = (env.PII_KEYS ?? '').split(',').map((part) => part.split(':')[1]);
  if (piiKeys.some((material) => material !== undefined && PUBLIC_PII_KEYS.includes(material))) found.push('PII_KEYS');
  return found.sort();
}
