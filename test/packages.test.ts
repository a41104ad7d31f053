/**
 * The rules every package under packages/ follows so that `pnpm build`, `pnpm pack` and npm users
 * get the same shape from each, including packages that do not exist yet: a new folder is
 * checked here as soon as it has a package.json. CONTRIBUTING.md says how to set one up.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, readManifest, workspacePackages } from "../scripts/lib/workspace.js";

const root = readManifest(ROOT);
const packages = workspacePackages();

describe("every package under packages/", () => {
  it("is found", () => {
    expect(packages.map((p) => p.folder)).toContain("cli");
  });

  for (const pkg of packages) {
    const m = pkg.manifest;
    const hasBin = Object.keys(m.publishConfig?.bin ?? {}).length > 0;

    describe(pkg.folder, () => {
      it("is named @vellum/<folder>, publishable, at the workspace's one version", () => {
        expect(m.name).toBe(`@vellum/${pkg.folder}`);
        expect(m.private, "publishable: no private: true").toBeUndefined();
        expect(m.version).toBe(packages[0]?.manifest.version);
        expect(m.version).toMatch(/^0\.\d+\.\d+$/);
      });

      it("says what it is for npm: description, keywords, licence, repository, engines", () => {
        expect(m.description?.length ?? 0, "description").toBeGreaterThan(20);
        expect(m.keywords, "keywords").toContain("vellum");
        expect(m.license).toBe(root.license);
        expect(m.repository).toEqual({ ...root.repository, directory: `packages/${pkg.folder}` });
        expect(m.engines).toEqual(root.engines);
        expect(m.type).toBe("module");
        expect(existsSync(join(pkg.dir, "README.md")), "README.md").toBe(true);
      });

      it("exports its sources in the workspace and its build when published", () => {
        expect(m.exports, "the workspace runs sources").toEqual({ ".": "./src/index.ts" });
        expect(existsSync(join(pkg.dir, "src", "index.ts"))).toBe(true);
        expect(m.publishConfig?.access).toBe("public");
        expect(m.publishConfig?.exports).toEqual({
          ".": { types: "./dist/index.d.ts", import: "./dist/index.js" },
          "./package.json": "./package.json",
        });
        expect(m.bin, "bins go in publishConfig.bin: dist/ does not exist in the workspace").toBe(
          undefined,
        );
      });

      it("ships dist and src, and every other folder it names exists", () => {
        const files = m.files ?? [];
        expect(files.slice(0, 2)).toEqual(["dist", "!dist/.tsbuildinfo"]);
        expect(files).toContain("src");
        for (const entry of files.filter((f) => !f.startsWith("!") && f !== "dist")) {
          expect(existsSync(join(pkg.dir, entry)), `files names ${entry}`).toBe(true);
        }
      });

      it("depends on workspace packages as workspace:*, never on the CLI", () => {
        for (const [name, range] of Object.entries({ ...m.dependencies, ...m.devDependencies })) {
          if (!name.startsWith("@vellum/")) continue;
          expect(range, `${name}`).toBe("workspace:*");
          expect(
            packages.some((p) => p.manifest.name === name),
            `${name} is a workspace package`,
          ).toBe(true);
          if (pkg.folder !== "cli") expect(name).not.toBe("@vellum/cli");
        }
      });

      if (hasBin) {
        it("bundles its bins from src/bin.ts, which starts with a node shebang", () => {
          for (const [name, target] of Object.entries(m.publishConfig?.bin ?? {})) {
            expect(target).toBe(`./dist/bin/${name}.js`);
          }
          const source = readFileSync(join(pkg.dir, "src", "bin.ts"), "utf8");
          expect(source.startsWith("#!/usr/bin/env node\n")).toBe(true);
          expect(m.files).toContain("!dist/bin/.meta.json");
          expect(m.sideEffects, "a bin runs on import").toBeUndefined();
        });
      } else {
        it("declares sideEffects: false, so the CLI bundle drops what a command does not use", () => {
          expect(m.sideEffects).toBe(false);
        });
      }
    });
  }
});
