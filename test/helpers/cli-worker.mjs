// Runs cyclekit's main(argv, ctx) for test/helpers/cli.ts on a thread of the test process:
// the built program is loaded once per test file instead of once per call (a process launch
// costs ~0.3 s before any work). The caller blocks on `signal` until the reply is posted.
import { parentPort, workerData } from 'node:worker_threads';

const { signal, port, mainUrl } = workerData;
const { main } = await import(mainUrl);

port.on('message', async ({ args, env }) => {
  const saved = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  let stdout = '';
  let stderr = '';
  let code;
  try {
    code = await main(['node', 'cyclekit', ...args], {
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
      debug: false,
      stderrIsTTY: false,
    });
  } catch (err) {
    // main maps every error to an exit code; reaching here is a bug in the program.
    stderr += `uncaught: ${err instanceof Error ? err.stack : String(err)}\n`;
    code = 70;
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  port.postMessage({ code, stdout, stderr });
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
parentPort?.postMessage('ready');
