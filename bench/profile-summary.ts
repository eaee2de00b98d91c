/**
 * Summarises a V8 CPU profile (.cpuprofile, e.g. from `npm run bench:rush -- --profile FILE`): self time by
 * package or source folder, and the heaviest functions by self time, so the table in docs/performance.md can be
 * reproduced. Usage: node -r ./test/utils/register.js bench/profile-summary.ts FILE [--top N]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const file = process.argv[2];
const topAt = process.argv.indexOf('--top');
const TOP = topAt > 0 ? Number(process.argv[topAt + 1]) : 25;
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));

/** where a frame's code lives: an npm package, a folder of src/, node's own modules, or V8's pseudo frames */
function area(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (!url) return `(${functionName || 'native'})`.replace('((', '(').replace('))', ')');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const src = /\/(src|bench|test)\/(?:generated\/)?([^/]+)/.exec(url);
  if (src) return `${src[1]}/${src[2].replace(/\.ts$/, '')}`;
  if (url.startsWith('node:')) return url;
  return url;
}

const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const areas = new Map<string, number>();
const functions = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id)!;
  areas.set(area(node), (areas.get(area(node)) ?? 0) + us);
  const f = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^.*\/(src|bench|test)\//, '$1/')}:${node.callFrame.lineNumber + 1}`;
  functions.set(f, (functions.get(f) ?? 0) + us);
}
const row = (name: string, us: number) =>
  `| ${(us / 1000).toFixed(0).padStart(6)} ms | ${((100 * us) / total).toFixed(1).padStart(5)} % | ${name} |`;
console.log(`${(total / 1000).toFixed(0)} ms of samples (${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms wall)`);
console.log('\n| self time | share | where |\n|---:|---:|---|');
for (const [name, us] of [...areas].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(row(name, us));
console.log('\n| self time | share | function |\n|---:|---:|---|');
for (const [name, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(row(name, us));

// each sample charged to the innermost frame of the project's own code on its stack (src/…): which of our functions
// the time is spent under, libraries included (Prisma's client under a repository call, say)
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const owner = new Map<number, string>();
const ownerOf = (id: number): string => {
  const known = owner.get(id);
  if (known !== undefined) return known;
  const node = byId.get(id)!;
  const url = node.callFrame.url;
  let name: string;
  if (/\/src\//.test(url) && !/\/src\/generated\//.test(url)) {
    name = `${node.callFrame.functionName || '(anonymous)'} ${url.replace(/^.*\/src\//, 'src/')}`;
  } else {
    const up = parent.get(id);
    name = up === undefined ? `(outside the project's code: ${area(node)})` : ownerOf(up);
  }
  owner.set(id, name);
  return name;
};
const byOwner = new Map<string, number>();
for (const [id, us] of selfUs) byOwner.set(ownerOf(id), (byOwner.get(ownerOf(id)) ?? 0) + us);
console.log('\n| time | share | under (innermost project function on the stack) |\n|---:|---:|---|');
for (const [name, us] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(row(name, us));
