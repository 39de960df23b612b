import { StringDecoder } from 'node:string_decoder';
import { findOutput, OutputRecording, outputRequest, type OutputRequest, type TerminalState } from '../cache/outputs.js';
import { fileAccessLog, resetFileAccessLog } from '../util/file-access.js';
import { defaultContext, type RunContext } from './context.js';

/**
 * The command line as a shell runs it (bin/cyclekit.js). A run the output cache has already
 * seen, on files that have not changed, is printed from it (docs/cache.md) without loading the
 * program; any other run loads it, and a run that may be replayed later is recorded as it prints.
 * Only this entry point uses the output cache: `main` itself (the library's and the tests'
 * way in) always runs the command.
 */
export async function runFromShell(argv: string[], ctx: RunContext = defaultContext, terminal: TerminalState = terminalOfProcess()): Promise<number> {
  const request = requestFor(argv, terminal);
  if (request !== null) {
    const replay = findOutput(request);
    if (replay !== undefined) {
      try {
        await replay.play(ctx.stdoutBytes ?? decodingInto(ctx.stdout), ctx.stderr, ctx.stdoutDrained);
      } catch (err) {
        // The entry changed under the replay after it was checked: part of the output is out.
        ctx.stderr(`${(await import('./run.js')).errorLine(err)}\n`);
        return 2;
      }
      return replay.exitCode;
    }
  }
  const { main } = await import('./main.js');
  if (request === null) return main(argv, ctx);
  const recording = new OutputRecording(request);
  const bytesOut = ctx.stdoutBytes ?? decodingInto(ctx.stdout);
  resetFileAccessLog();
  const code = await main(argv, {
    ...ctx,
    stdout: (text) => {
      recording.stdout(text);
      ctx.stdout(text);
    },
    // Whichever way a command writes stdout, the recording sees all of it.
    stdoutBytes: (bytes) => {
      recording.stdoutEncoded(bytes);
      bytesOut(bytes);
    },
    stderr: (text) => {
      recording.stderrText(text);
      ctx.stderr(text);
    },
  });
  // Inputs that changed while the command ran may have given either version's numbers: not kept.
  recording.finish(code, fileAccessLog(), requestFor(argv, terminal)?.keyJson ?? null);
  return code;
}

function requestFor(argv: string[], terminal: TerminalState): OutputRequest | null {
  try {
    return outputRequest(argv.slice(2), process.env, terminal, process.cwd());
  } catch {
    return null; // a path that vanished between two stats, a folder that cannot be read: run as usual
  }
}

/** UTF-8 pieces into a text writer, a character split across two pieces kept whole. */
function decodingInto(write: (text: string) => void): (bytes: Uint8Array) => void {
  const decoder = new StringDecoder('utf8');
  return (bytes) => {
    const text = decoder.write(bytes);
    if (text !== '') write(text);
  };
}

function terminalOfProcess(): TerminalState {
  const stdoutIsTTY = process.stdout.isTTY === true;
  return { stdoutIsTTY, stdoutColumns: stdoutIsTTY ? process.stdout.columns ?? null : null, stderrIsTTY: process.stderr.isTTY === true };
}
