import { parentPort } from 'node:worker_threads';

/**
 * The real reader worker plus one way to die: a query of `CRASH` ends the
 * thread instead of answering, as a native crash or running out of memory
 * would. The real handler answers it with a syntax error; that answer is
 * swallowed on its way out.
 */
const port = parentPort!;
const post = port.postMessage.bind(port);
port.postMessage = (m: unknown) => {
  if (JSON.stringify(m).includes('CRASH')) process.exit(3);
  post(m);
};
await import('../../src/db/reader-worker.js');
