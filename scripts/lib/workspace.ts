import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The fields of a package.json that the build, the pack test and the package rules read. */
export interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly description?: string;
  readonly keywords?: readonly string[];
  readonly license?: string;
  readonly repository?: {
    readonly type: string;
    readonly url: string;
    readonly directory?: string;
  };
  readonly type?: string;
  readonly engines?: Readonly<Record<string, string>>;
  readonly exports?: unknown;
  readonly files?: readonly string[];
  readonly sideEffects?: boolean | readonly string[];
  readonly bin?: Readonly<Record<string, string>>;
  readonly publishConfig?: {
    readonly access?: string;
    readonly exports?: unknown;
    readonly bin?: Readonly<Record<string, string>>;
  };
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly packageManager?: string;
}

/** One folder of `packages/`: what `pnpm build` builds and `pnpm pack` packs. */
export interface WorkspacePackage {
  /** The folder name, e.g. `extract`. */
  readonly folder: string;
  /** Absolute path of the folder. */
  readonly dir: string;
  readonly manifest: Manifest;
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;
}

/** Every package under `packages/`, sorted by folder name. */
export function workspacePackages(root = ROOT): WorkspacePackage[] {
  const packagesDir = join(root, "packages");
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .flatMap((folder) => {
      const dir = join(packagesDir, folder);
      try {
        return [{ folder, dir, manifest: readManifest(dir) }];
      } catch {
        return []; // a folder without package.json (left over from a move) is not a package
      }
    });
}

/**
 * The workspace packages a package's code may import: its `dependencies` and
 * `peerDependencies` that live in this workspace (devDependencies serve its tests only).
 */
export function workspaceDependencies(
  pkg: WorkspacePackage,
  all: readonly WorkspacePackage[],
): WorkspacePackage[] {
  const names = new Set([
    ...Object.keys(pkg.manifest.dependencies ?? {}),
    ...Object.keys(pkg.manifest.peerDependencies ?? {}),
  ]);
  return all.filter((other) => names.has(other.manifest.name));
}
