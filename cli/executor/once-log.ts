/**
 * Worker log lines that describe the machine, not the trial ("backend webgpu skipped: …",
 * "backend: wasm (1 thread(s))", "wasm: threads unavailable …") are the same in every worker:
 * the run says each once. Every other line passes through.
 */
const MACHINE_FACTS = /^(backend[ :]|wasm: )/;

export function onceLog(log: ((line: string) => void) | undefined): (text: string) => void {
  const said = new Set<string>();
  return (text) => {
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      if (MACHINE_FACTS.test(line)) {
        if (said.has(line)) continue;
        said.add(line);
      }
      log?.(line);
    }
  };
}
