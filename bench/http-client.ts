// Worker for `npm run bench`: the HTTP client of the measured routes, on its own event loop (another core), so that
// sending a 5,000-visit batch or reading a 16 MiB answer is not charged to the service it measures (as autocannon and
// the probe already are not). A GET's answer is read as it streams and only counted; a POST's answer is returned.
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';

interface Ask {
  id: number;
  url: string;
  headers: Record<string, string>;
  /** A POST of this body, answered with its text. */
  body?: string;
}

parentPort!.on('message', async (msg: Ask) => {
  try {
    const t0 = performance.now();
    const res = await fetch(msg.url, msg.body === undefined ? { headers: msg.headers } : { method: 'POST', headers: msg.headers, body: msg.body });
    if (res.status !== 200) {
      parentPort!.postMessage({ id: msg.id, error: `${msg.url} answered ${res.status}: ${(await res.text()).slice(0, 300)}` });
      return;
    }
    if (msg.body !== undefined) {
      const text = await res.text();
      parentPort!.postMessage({ id: msg.id, ms: performance.now() - t0, text });
      return;
    }
    let bytes = 0;
    for await (const chunk of res.body!) bytes += (chunk as Uint8Array).byteLength;
    parentPort!.postMessage({ id: msg.id, ms: performance.now() - t0, bytes });
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, error: String(e) });
  }
});
parentPort!.postMessage('ready');
