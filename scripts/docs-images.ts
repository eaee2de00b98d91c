/**
 * `npm run docs:images`: the payment list (支付清单) as LibreOffice prints it, for the README — a sample month
 * written by the same layout and XLSX writer as the service, printed to PDF by headless LibreOffice and each
 * page turned into a PNG by pdftoppm (poppler-utils) in docs/images/. Needs no database.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  COLUMN_HEADER_ROW,
  columnHeaderRow,
  EXPORT_COLUMNS,
  ExportInstitution,
  ExportRow,
  ExportTotals,
  headerBlock,
  institutionRow,
  totalsBlock,
} from '../src/finance/export-layout';
import { xlsxStream } from '../src/finance/export-writers';
import { LibreOffice } from '../test/utils/libreoffice';

const TOWNS = ['振兴街道', '信发街道', '温陈街道', '乐平铺镇', '冯官屯镇', '菜屯镇', '博平镇', '杜郎口镇', '韩屯镇', '胡屯镇'];
const KINDS = ['托育中心', '幼儿园托班', '社区托育点', '宝贝之家托育园'];

function institutions(): ExportInstitution[] {
  return Array.from({ length: 40 }, (_, i) => {
    const second = 3 + ((i * 7) % 11);
    const third = (i * 3) % 5;
    const adjustmentFen = i % 9 === 4 ? -30000 : i % 13 === 6 ? 40000 : 0;
    const name = `茌平区${TOWNS[i % TOWNS.length]}${['阳光', '启航', '小树苗', '童心', '七彩'][i % 5]}${KINDS[i % KINDS.length]}`;
    return {
      name,
      creditCode: `52371523${String(1000_0000 + i * 7919).slice(0, 8)}${'0123456789X'[i % 11]}${i % 10}`.slice(0, 18),
      bankName: i % 3 === 0 ? '中国农业银行茌平支行' : i % 3 === 1 ? '中国工商银行茌平支行' : '茌平农村商业银行',
      bankAccountName: name,
      bankAccountNumber: i % 4 === 0 ? `0${String(3710001000001 + i * 37)}` : `62284804025648${String(90018 + i * 101).padStart(5, '0')}`,
      paidChildren: second + third,
      secondChildCount: second,
      thirdChildCount: third,
      adjustmentFen,
      amountFen: second * 30000 + third * 40000 + adjustmentFen,
    };
  }).sort((a, b) => (a.creditCode < b.creditCode ? -1 : 1));
}

async function* rows(): AsyncGenerator<ExportRow> {
  yield* headerBlock({
    districtName: '茌平区',
    month: '2026-03',
    settlementId: '5f0c3a9e-2b7d-4c61-9a8e-3d2f1b6c7e40',
    status: 'APPROVED',
    draft: false,
    generatedAt: new Date('2026-04-10T02:03:04Z'),
    generatedBy: 'finance.wang',
  });
  yield columnHeaderRow();
  const totals = new ExportTotals();
  for (const r of institutions()) {
    totals.add(r);
    yield institutionRow(r);
  }
  yield* totalsBlock(totals);
}

async function main() {
  const chunks: Buffer[] = [];
  const layout = {
    sheetName: '支付清单 2026-03',
    columns: EXPORT_COLUMNS,
    headerRow: COLUMN_HEADER_ROW,
    pageHeader: '茌平区托育机构保育费补贴支付清单 2026-03',
  };
  for await (const chunk of xlsxStream(rows(), layout)) chunks.push(Buffer.from(chunk));
  const lo = new LibreOffice();
  const work = mkdtempSync(join(tmpdir(), 'docs-images-'));
  try {
    const printed = await lo.print(Buffer.concat(chunks), 'xlsx');
    const pdf = join(work, 'payment-list.pdf');
    writeFileSync(pdf, printed.pdf);
    execFileSync('pdftoppm', ['-png', '-r', '80', pdf, join(work, 'payment-list')]);
    const out = join(__dirname, '..', 'docs', 'images');
    for (const file of readdirSync(work).filter((f) => f.endsWith('.png'))) {
      // pdftoppm numbers pages payment-list-1.png, payment-list-2.png …
      const page = Number(/-(\d+)\.png$/.exec(file)![1]);
      renameSync(join(work, file), join(out, `payment-list-p${page}.png`));
      console.log(`docs/images/payment-list-p${page}.png`);
    }
  } finally {
    lo.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
