/**
 * Writes docs/error-codes.md: every error and problem code of the API with its Chinese text, by owner, from the
 * message catalogue (src/error-catalogue.ts). `npm run docs:errors`; a test fails when the file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderText } from '../src/common/i18n/messages';
import { CATALOGUES } from '../src/error-catalogue';

export function errorCodesMarkdown(): string {
  const lines = [
    '# Error and problem codes',
    '',
    'Generated from the message catalogue (`src/error-catalogue.ts`) by `npm run docs:errors`; do not edit by hand.',
    '',
    'Every error answer carries a stable `code` and a `message` for people: Chinese by default, English with',
    '`Accept-Language: en`. Problem details (`details[]`) carry their own `code` and `message` the same way. Where a',
    'text depends on the case (a field, a month, a status), the answer fills it in; the table shows the general text.',
    '',
  ];
  for (const [owner, catalogue] of Object.entries(CATALOGUES)) {
    lines.push(`## ${owner}`, '', '| code | 中文说明 |', '|---|---|');
    for (const [code, text] of Object.entries(catalogue)) lines.push(`| \`${code}\` | ${renderText(text.zh, {}).replace(/\|/g, '\\|')} |`);
    lines.push('');
  }
  return lines.join('\n');
}

if (require.main === module) {
  const path = join(__dirname, '..', 'docs', 'error-codes.md');
  writeFileSync(path, errorCodesMarkdown());
  console.log(`Wrote ${path}`);
}
