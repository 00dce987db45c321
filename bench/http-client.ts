// Worker for `npm run bench`: the client of the statement routes, on its own event loop (another core), so that
// reading a 16 MiB answer is not charged to the service it measures (as autocannon and the probe already are not).
import { parentPort } from 'node:worker_threads';

parentPort!.on('message', async (msg: { id: number; url: string; headers: Record<string, string> }) => {
  try {
    const res = await fetch(msg.url, { headers: msg.headers });
    if (res.status !== 200) {
      parentPort!.postMessage({ id: msg.id, error: `${msg.url} answered ${res.status}: ${(await res.text()).slice(0, 300)}` });
      return;
    }
    let bytes = 0;
    for await (const chunk of res.body!) bytes += (chunk as Uint8Array).byteLength;
    parentPort!.postMessage({ id: msg.id, bytes });
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, error: String(e) });
  }
});
parentPort!.postMessage('ready');
