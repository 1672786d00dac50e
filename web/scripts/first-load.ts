// A build step that prints what a browser downloads to show the client portal's first
// page (index.html, the entry chunk, the chunks it imports statically and their CSS),
// gzipped, and fails the build over the budget. Lazy chunks (the clinician workspace,
// each section's screens) load later and are listed apart.
import { gzipSync } from "node:zlib";
import type { Plugin } from "vite";

type Output = { type: "chunk" | "asset"; fileName: string; code?: string; source?: string | Uint8Array };
type Chunk = Output & { type: "chunk"; code: string; isEntry: boolean; imports: string[] };

const gz = (text: string | Uint8Array) => gzipSync(text, { level: 9 }).length;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

function cssOf(chunk: Chunk): string[] {
  const meta = (chunk as unknown as { viteMetadata?: { importedCss?: Set<string> } }).viteMetadata;
  return [...(meta?.importedCss ?? [])];
}

/** The files of the first load: entry chunks, what they import statically, their CSS. */
export function firstLoadFiles(bundle: Record<string, Output>): string[] {
  const seen = new Set<string>(["index.html"]);
  const visit = (name: string) => {
    const chunk = bundle[name];
    if (chunk?.type !== "chunk" || seen.has(name)) return;
    seen.add(name);
    for (const css of cssOf(chunk as Chunk)) seen.add(css);
    for (const imported of (chunk as Chunk).imports) visit(imported);
  };
  for (const [name, output] of Object.entries(bundle)) {
    if (output.type === "chunk" && (output as Chunk).isEntry) visit(name);
  }
  return [...seen].filter((name) => bundle[name]);
}

function sizeOf(output: Output): number {
  return gz(output.type === "chunk" ? (output.code ?? "") : (output.source ?? ""));
}

export function firstLoadBudget({ limitKiB }: { limitKiB: number }): Plugin {
  return {
    name: "client-portal-first-load",
    apply: "build",
    writeBundle(_options, bundle) {
      const outputs = bundle as unknown as Record<string, Output>;
      const first = firstLoadFiles(outputs);
      const total = first.reduce((sum, name) => sum + sizeOf(outputs[name] as Output), 0);
      const lazy = Object.keys(outputs).filter((n) => n.endsWith(".js") && !first.includes(n));
      const lazyTotal = lazy.reduce((sum, name) => sum + sizeOf(outputs[name] as Output), 0);
      process.stdout.write(
        `\nFirst load of the client portal: ${kib(total)} gzipped (budget ${limitKiB} KiB) in ` +
          `${first.length} files; loaded later: ${kib(lazyTotal)} in ${lazy.length} chunks.\n`,
      );
      if (total > limitKiB * 1024) {
        this.error(`the first load is ${kib(total)} gzipped, over the ${limitKiB} KiB budget`);
      }
    },
  };
}
