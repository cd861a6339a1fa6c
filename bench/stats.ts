// Figures as the benchmarks print them.
import { readFileSync } from 'node:fs';

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** "name   p50 … ms  p95 … ms  p99 … ms  max … ms" for a list of samples in ms. */
export function summary(name: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1).padStart(7);
  return `${name.padEnd(28)} p50 ${f(percentile(sorted, 50))} ms  p95 ${f(percentile(sorted, 95))} ms  p99 ${f(percentile(sorted, 99))} ms  max ${f(sorted.at(-1)!)} ms`;
}

/** A process's resident memory in MB, from /proc (Linux). */
export function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.replace(/\D+/g, '')) / 1024;
}

/** CPU time a process has used so far, user and system, in seconds, from /proc (Linux). */
export function cpuSeconds(pid: number): number {
  // The fields after the command's name (which may hold spaces) in brackets; utime and stime are
  // the 12th and 13th of them, in clock ticks of 1/100 s (USER_HZ on Linux).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The whole machine's CPU time so far by kind, in seconds of all cores together, from /proc/stat (Linux). */
export function machineCpu(): { busy: number; idle: number; steal: number } {
  // cpu  user nice system idle iowait irq softirq steal …, in clock ticks of 1/100 s.
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]!
    .trim()
    .split(/\s+/)
    .slice(1, 9)
    .map(Number) as number[];
  return { busy: (user! + nice! + system! + irq! + softirq! + steal!) / 100, idle: (idle! + iowait!) / 100, steal: steal! / 100 };
}
