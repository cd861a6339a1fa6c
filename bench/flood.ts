// Benchmark: 200 hostile sockets against an event as big as an event may be (connection storms,
// board:sync and board:history floods, slow readers that never read their socket) plus slow HTTP
// clients, while the facilitator places sessions (tests/helpers/flood.ts). Prints the
// facilitator's ack times and the server's memory against the targets (ack p99 ≤ 50 ms, peak
// memory ≤ 2× idle, at least idle + 150 MB). `npm run test:resilience` runs the same flood and
// checks what must hold.
//   npm run bench:flood
import { FLOOD_SESSIONS, HOSTILE, memoryBound, percentile, PLACEMENTS, runFlood, SLOW_HTTP } from '../tests/helpers/flood.ts';
import { report } from '../tests/resilience/report.ts';

const flood = await runFlood();
const bound = memoryBound(flood.idleMb);
const p99 = percentile(flood.acks, 99);
report(`a flood of ${HOSTILE} hostile sockets (${FLOOD_SESSIONS} sessions)`, [
  ['hostile sockets (half never read)', HOSTILE],
  ['their board:sync + board:history asks', HOSTILE * 80],
  ['slow HTTP clients', SLOW_HTTP],
  [
    `facilitator acks (${PLACEMENTS} placements) p50 / p99 / max`,
    `${percentile(flood.acks, 50).toFixed(1)} / ${p99.toFixed(1)} / ${Math.max(...flood.acks).toFixed(1)} ms`,
  ],
  ['server memory idle / peak / after (MB)', `${flood.idleMb.toFixed(0)} / ${flood.peakMb.toFixed(0)} / ${flood.afterMb.toFixed(0)}`],
  ['bound (2× idle, at least idle + 150 MB)', `${bound.toFixed(0)} MB`],
  ['phones in step with the server afterwards', `${flood.phonesInStep} of ${flood.phones}`],
]);
console.log(`targets: ack p99 ≤ 50 ms ${p99 <= 50 ? 'met' : 'NOT met'}; peak memory ≤ ${bound.toFixed(0)} MB ${flood.peakMb <= bound ? 'met' : 'NOT met'}`);
