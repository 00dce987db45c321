// Worker for `npm run bench`: the HTTP client of the measured routes, on its own event loop (another core), so that
// sending a 5,000-visit batch or reading a 16 MiB answer is not charged to the service it measures (as autocannon and
// the probe already are not). A GET's answer is read as it streams and only counted, through node:http (reading a
// 1.6 MB answer took fetch 7.5 ms and node:http 4.8 ms, median on this machine); a POST's answer is returned.
import { get } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';

interface Ask {
  id: number;
  url: string;
  headers: Record<string, string>;
  /** A POST of this body, answered with its text. */
  body?: string;
}

/** A GET, its answer counted as it arrives. */
function countBytes(msg: Ask) {
  const t0 = performance.now();
  get(msg.url, { headers: msg.headers }, (res) => {
    let bytes = 0;
    const refused: Buffer[] = [];
    res.on('data', (chunk: Buffer) => (res.statusCode === 200 ? (bytes += chunk.length) : refused.push(chunk)));
    res.on('end', () =>
      parentPort!.postMessage(
        res.statusCode === 200
          ? { id: msg.id, ms: performance.now() - t0, bytes }
          : { id: msg.id, error: `${msg.url} answered ${res.statusCode}: ${Buffer.concat(refused).toString('utf8').slice(0, 300)}` },
      ),
    );
    res.on('error', (e) => parentPort!.postMessage({ id: msg.id, error: String(e) }));
  }).on('error', (e) => parentPort!.postMessage({ id: msg.id, error: String(e) }));
}

parentPort!.on('message', async (msg: Ask) => {
  if (msg.body === undefined) return countBytes(msg);
  try {
    const t0 = performance.now();
    const res = await fetch(msg.url, { method: 'POST', headers: msg.headers, body: msg.body });
    const text = await res.text();
    parentPort!.postMessage(res.status === 200 ? { id: msg.id, ms: performance.now() - t0, text } : { id: msg.id, error: `${msg.url} answered ${res.status}: ${text.slice(0, 300)}` });
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, error: String(e) });
  }
});
parentPort!.postMessage('ready');
