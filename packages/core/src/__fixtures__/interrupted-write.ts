// Child process for the atomic-write tests: starts writing argv[2] atomically, prints "writing"
// once the first chunk is on disk, then stalls (as a large write would) until it is signalled.
import { writeFileAtomic } from '../node/write-file-atomic.ts';

const keepAlive = setInterval(() => {}, 1 << 30);
async function* stalledChunks(): AsyncIterable<Uint8Array> {
  yield new Uint8Array(1 << 20);
  process.stdout.write('writing\n');
  await new Promise(() => {});
}
await writeFileAtomic(process.argv[2]!, stalledChunks());
clearInterval(keepAlive);
