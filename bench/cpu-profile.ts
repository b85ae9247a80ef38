/**
 * Where a process spent its CPU: a V8 profile (`node --cpu-prof`) summarised by self time,
 * per function and per package, the way one reads a flame graph's widest leaves. Used by
 * `BENCH_INGEST_PROFILE=<dir> npm run bench` and runnable on its own:
 * `node --import tsx bench/cpu-profile.ts <file.cpuprofile>`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface CpuSummary {
  totalMs: number;
  /** Self time per function (name and where it is), largest first. */
  functions: { name: string; ms: number; share: number }[];
  /** Self time per package (node_modules/<name>), our code, or node/V8 internals. */
  packages: { name: string; ms: number; share: number }[];
}

const root = fileURLToPath(new URL('..', import.meta.url));

function packageOf(url: string): string {
  if (!url) return '(V8: GC, idle, native)';
  if (url.startsWith('node:')) return 'node';
  const inModules = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (inModules) return inModules[1]!;
  return url.includes(root.replace(/^\//, '')) ? 'journeys (ours)' : url;
}

function shortLocation(url: string, line: number): string {
  if (!url) return '';
  const path = url.replace(/^file:\/\//, '').replace(root, '');
  return `${path.replace(/.*node_modules\//, '')}:${line + 1}`;
}

export function summarize(profile: CpuProfile, top = 15): CpuSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') return;
    totalUs += us;
    const name = `${frame.functionName || '(anonymous)'} ${shortLocation(frame.url, frame.lineNumber)}`.trim();
    functions.set(name, (functions.get(name) ?? 0) + us);
    const pkg = packageOf(frame.url);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
  });
  const ranked = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: us / totalUs }));
  return { totalMs: totalUs / 1000, functions: ranked(functions), packages: ranked(packages) };
}

export function formatSummary(summary: CpuSummary): string {
  const pct = (share: number) => `${(share * 100).toFixed(1).padStart(5)}%`;
  return [
    `CPU busy ${(summary.totalMs / 1000).toFixed(1)} s (idle excluded); self time by package:`,
    ...summary.packages.map((row) => `  ${pct(row.share)}  ${row.name}`),
    'by function:',
    ...summary.functions.map((row) => `  ${pct(row.share)}  ${row.name}`),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: node --import tsx bench/cpu-profile.ts <file.cpuprofile>');
  process.stdout.write(`${formatSummary(summarize(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile))}\n`);
}
