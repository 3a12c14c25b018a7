/** The workspace's publishable packages (not private), with their directories. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  bin?: Record<string, string>;
  exports?: Record<string, unknown>;
  publishConfig?: { exports?: Record<string, unknown> };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

export interface WorkspacePackage {
  dir: string;
  json: PackageJson;
}

export function publicPackages(): WorkspacePackage[] {
  const found: WorkspacePackage[] = [];
  for (const group of ['packages', 'apps']) {
    for (const entry of readdirSync(join(repoRoot, group), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = join(repoRoot, group, entry.name);
      let json: PackageJson;
      try {
        json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
      } catch {
        continue;
      }
      if (!json.private) found.push({ dir, json });
    }
  }
  return found;
}
