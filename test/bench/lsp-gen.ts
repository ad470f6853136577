/**
 * Generates realistic `.peft` files of a given line count for the LSP benchmark and the YAML
 * twin of the same size for the yaml-language-server anchor.
 */

/** ~`lines` lines: data and model blocks, then repeated adapter/run/law/predict groups. */
export function generatePeft(lines: number): string {
  const out = [
    '# generated for the LSP latency benchmark',
    'data task = corpus "moby-dick" { holdout = 10% }',
    'model tiny = transformer {',
    '  vocab = bytes   width = 64   depth = 2   heads = 2   context = 32',
    '}',
  ];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `adapter a${i} = lora {`,
      `  target_modules = [q, v]   r = ${4 + (i % 4) * 4}   lora_alpha = 16`,
      `  lora_dropout = 0.05`,
      `}`,
      `run r${i} {`,
      `  model = tiny   data = task   adapter = a${i}`,
      `  r = sweep [2, 4]`,
      `  optimizer = adamw { lr = 3e-4 }`,
      `  steps = 50   batch = 8`,
      `}`,
      `law l${i} = power(r${i}.eval_loss ~ r)`,
      `predict l${i} at r = [64, 128]`,
      '',
    );
  }
  return `${out.slice(0, lines).join('\n')}\n`;
}

/** A YAML file of about the same line count and shape (nested maps, lists, scalars). */
export function generateYaml(lines: number): string {
  const out = [
    '# generated for the LSP latency benchmark',
    'data:',
    '  task: { corpus: moby-dick, holdout: 0.1 }',
    'models:',
    '  tiny: { family: transformer, width: 64, depth: 2 }',
    'experiments:',
  ];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `  - name: r${i}`,
      `    adapter:`,
      `      method: lora`,
      `      target_modules: [q, v]`,
      `      r: ${4 + (i % 4) * 4}`,
      `      lora_alpha: 16`,
      `      lora_dropout: 0.05`,
      `    model: tiny`,
      `    data: task`,
      `    sweep: { r: [2, 4] }`,
      `    optimizer: { name: adamw, lr: 3.0e-4 }`,
      `    steps: 50`,
      `    batch: 8`,
    );
  }
  return `${out.slice(0, lines).join('\n')}\n`;
}
