// Files that ship with the project (migrations, sample content, playground assets) are found from
// the package root, because this module runs both from src/ (tsx, vitest) and from dist/src/.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findProjectRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, "package.json"))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error("Khabar: cannot find the project root (no package.json above this module)");
    directory = parent;
  }
  return directory;
}

export const PROJECT_ROOT = findProjectRoot();

export function projectPath(...segments: string[]): string {
  return join(PROJECT_ROOT, ...segments);
}
