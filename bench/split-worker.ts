// Worker for `npm run bench`: computes visits' day segments with the real calendar rule on another core, so that
// loading the city's background visits does not wait for the split.
import { parentPort } from 'node:worker_threads';
import { segmentsOf } from '../src/compensation/segments.js';

parentPort!.on('message', (msg: { id: number; visits: [number, number][] }) => {
  const segments = msg.visits.map(([checkIn, checkOut]) => segmentsOf(new Date(checkIn * 1000), new Date(checkOut * 1000)));
  parentPort!.postMessage({ id: msg.id, segments });
});
