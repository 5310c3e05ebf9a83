/**
 * One fuzzing worker process: runs inputs [start, end) of one family in order, telling the parent
 * before and after each so that the parent can kill it on a hang and start a new one after the
 * input that hung (or crashed the process). Usage (by runner.ts): worker.ts <json options>.
 */
import { loadFamily } from './families/index.js';

interface WorkerOptions {
  family: string;
  seed: number;
  start: number;
  end: number;
  workDir: string;
  canary: string;
  /** Epoch ms after which no new input is started. */
  deadline: number;
}

const options = JSON.parse(process.argv[2]!) as WorkerOptions;
const send = (message: object) => new Promise<void>((resolve) => process.send!(message, () => resolve()));
const maxRss = () => process.resourceUsage().maxRSS * 1024;

const family = await loadFamily(options.family);
const ctx = { workDir: options.workDir, canary: options.canary };
await family.setup?.(ctx);
for (let i = options.start; i < options.end && Date.now() < options.deadline; i++) {
  const input = await family.input(options.seed, i, ctx);
  await send({ t: 'start', i, label: input.label });
  const result = await family.run(input, ctx);
  await send({ t: 'done', i, label: input.label, outcome: result.outcome, detail: result.detail, rss: maxRss() });
}
await send({ t: 'end', rss: maxRss() });
process.disconnect();
