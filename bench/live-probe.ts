// Worker for `npm run bench`: asks GET /health/live every few milliseconds from its own event loop, without waiting
// for the previous answer (open loop), so that a stall of the service shows in every probe that waited for it.
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'node:http';

const { url, intervalMs } = workerData as { url: string; intervalMs: number };
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const latencies: number[] = [];
let failures = 0;
let pending = 0;
let stopping = false;

function probe() {
  const t0 = performance.now();
  pending += 1;
  const req = request(url, { agent }, (res) => {
    res.resume();
    res.on('end', () => {
      if (res.statusCode === 200) latencies.push(performance.now() - t0);
      else failures += 1;
      done();
    });
  });
  req.on('error', () => {
    failures += 1;
    done();
  });
  req.end();
}

function done() {
  pending -= 1;
  if (stopping && pending === 0) finish();
}

function finish() {
  agent.destroy();
  parentPort!.postMessage({ latencies, failures });
}

const timer = setInterval(probe, intervalMs);
parentPort!.on('message', (m: string) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  stopping = true;
  if (pending === 0) finish();
});
parentPort!.postMessage('ready');
