// Each public package must work on its own, as `pnpm add` would install it: packed with
// pnpm (publishConfig applied, workspace: ranges rewritten), unpacked into a bare
// node_modules beside only its declared dependencies, then imported by Node from dist.
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PackageJson, publicPackages, repoRoot } from './public-packages.ts';

const packages = publicPackages();
const scratch = mkdtempSync(join(tmpdir(), 'lowbit-isolation-'));
const modules = join(scratch, 'node_modules');

function pnpm(args: string[], cwd: string): string {
  const execPath = process.env.npm_execpath;
  const viaNode = execPath && /pnpm/.test(execPath) && /\.c?js$/.test(execPath);
  return viaNode
    ? execFileSync(process.execPath, [execPath, ...args], { cwd, encoding: 'utf8' })
    : execFileSync('pnpm', args, { cwd, encoding: 'utf8' });
}

/** Where a third-party dependency of `fromDir` is installed in the workspace. */
function installedDir(name: string, fromDir: string): string {
  const require = createRequire(join(fromDir, 'package.json'));
  let dir = dirname(require.resolve(name));
  while (
    !readdirSync(dir).includes('package.json') ||
    JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name !== name
  ) {
    dir = dirname(dir);
  }
  return realpathSync(dir);
}

beforeAll(() => {
  for (const { dir, json } of packages) {
    const out = pnpm(['pack', '--pack-destination', scratch], dir).trim().split('\n').at(-1)!;
    const tarball = out.startsWith('/') ? out : join(scratch, out.split('/').at(-1)!);
    const target = join(modules, json.name);
    mkdirSync(target, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
  }
  const workspaceNames = new Set(packages.map((p) => p.json.name));
  for (const { dir, json } of packages) {
    for (const dep of Object.keys(json.dependencies ?? {})) {
      if (workspaceNames.has(dep)) continue;
      const link = join(modules, dep);
      mkdirSync(dirname(link), { recursive: true });
      try {
        symlinkSync(installedDir(dep, dir), link, 'dir');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
  }
}, 120_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const bareImport =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"./][^'"]*)['"]|import\(\s*['"]([^'"./][^'"]*)['"]\s*\)/g;

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

describe.each(packages.map((p) => p.json.name))('%s', (name) => {
  const installed = () => join(modules, name);
  const packed = () =>
    JSON.parse(readFileSync(join(installed(), 'package.json'), 'utf8')) as PackageJson;

  it('publishes dist exports only, with workspace ranges rewritten', () => {
    const json = packed();
    expect(JSON.stringify(json.exports)).not.toContain('@lowbit/source');
    expect(JSON.stringify(json.exports)).not.toContain('./src/');
    for (const range of Object.values(json.dependencies ?? {}))
      expect(range).not.toMatch(/^workspace:/);
  });

  it('passes publint', async () => {
    // The unpacked tarball is exactly what would be published, so publint needs no packing.
    const { messages } = await publint({ pkgDir: installed(), level: 'warning', pack: false });
    expect(messages.map((m) => `${m.type} ${m.code} ${m.path.join('.')}`)).toEqual([]);
  });

  it('declares every package its dist imports', () => {
    const declared = new Set([
      ...Object.keys(packed().dependencies ?? {}),
      ...Object.keys(packed().peerDependencies ?? {}),
      name,
    ]);
    const dist = join(installed(), 'dist');
    const used = new Set<string>();
    for (const file of readdirSync(dist).filter((f) => f.endsWith('.js') || f.endsWith('.d.ts'))) {
      for (const match of readFileSync(join(dist, file), 'utf8').matchAll(bareImport)) {
        const specifier = match[1] ?? match[2]!;
        if (!specifier.startsWith('node:') && !builtinModules.includes(packageName(specifier)))
          used.add(packageName(specifier));
      }
    }
    expect([...used].filter((u) => !declared.has(u))).toEqual([]);
    // The scan must see the imports that are there (guards against a regex that matches nothing).
    for (const dep of Object.keys(packed().dependencies ?? {})) expect(used, dep).toContain(dep);
  });

  it('imports every export subpath from a bare install', () => {
    const subpaths = Object.keys(packed().exports ?? { '.': null }).filter(
      (s) => !s.endsWith('package.json'),
    );
    for (const subpath of subpaths) {
      const specifier = subpath === '.' ? name : `${name}/${subpath.slice(2)}`;
      const out = execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(specifier)}); console.log(Object.keys(m).length)`,
        ],
        {
          cwd: scratch,
          encoding: 'utf8',
        },
      );
      expect(Number(out.trim()), specifier).toBeGreaterThanOrEqual(0);
    }
  });
});

const binaries = packages.flatMap((p) =>
  Object.entries(p.json.bin ?? {}).map(([bin, path]) => [bin, p, path] as const),
);

describe.each(binaries)('binary %s', (_bin, pkg, path) => {
  it('runs from the bare install', () => {
    const out = execFileSync(process.execPath, [join(modules, pkg.json.name, path), '--version'], {
      cwd: scratch,
      encoding: 'utf8',
    });
    expect(out.trim()).toBe(pkg.json.version);
  });
});

it('finds the public packages', () => {
  expect(packages.map((p) => p.json.name)).toEqual(
    expect.arrayContaining([
      '@lowbit/core',
      '@lowbit/backend-cpu',
      '@lowbit/conformance',
      'lowbit',
    ]),
  );
  expect(repoRoot.endsWith('/')).toBe(true);
});
