// @lane integration: Dawn needs a Vulkan driver (Mesa lavapipe from bookworm-backports on CI)
// `peft run` with `backend = "webgpu"` trains in a worker process and the adapter it ran on
// reaches status.json and `peft status` (text and --json): how a user checks for a real GPU.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readTrialStatus } from '../../../store';
import { peft, tempProject, tinyFile } from '../sweeps/helpers';

const RUN =
  'run gpu {\n  model = m  data = task  adapter = ft\n  optimizer = adamw { lr = 3e-3 }\n  batch = 2  steps = 4  eval_every = 2  backend = "webgpu"\n}';

async function output(
  args: string[],
  dir: string,
): Promise<{ code: number | string; out: string }> {
  const p = peft(args, dir);
  let out = '';
  p.proc.stdout!.on('data', (d: Buffer) => void (out += d.toString()));
  return { code: await p.exit, out };
}

void test(
  'a webgpu trial records its adapter in status.json and `peft status` shows it',
  { timeout: 240_000 },
  async () => {
    const { dir, file } = tempProject('gpu', tinyFile(RUN));
    const run = await output(['run', file, '--workers', '1'], dir);
    assert.equal(run.code, 0, run.out);
    const json = await output(['status', file, '--json'], dir);
    const rows = (
      JSON.parse(json.out) as {
        trials: Array<{
          id: string;
          state: string;
          backend?: string;
          device?: { adapter: string };
        }>;
      }
    ).trials;
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.state, 'done');
    assert.equal(rows[0]!.backend, 'webgpu');
    const device = readTrialStatus(dir, 'gpu', rows[0]!.id)?.device;
    assert.ok(
      device && device.adapter.length > 0,
      `status.json records the adapter: ${JSON.stringify(device)}`,
    );
    assert.deepEqual(rows[0]!.device, device);
    const text = await output(['status', file], dir);
    assert.ok(text.out.includes(`webgpu on ${device.adapter}`), text.out);
    assert.equal(text.out.includes('(software, no GPU)'), device.software);
  },
);
