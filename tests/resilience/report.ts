// The figures a resilience test prints: one table per test, readable in the CI log.
export function report(title: string, rows: Array<[string, string | number]>): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
  console.log(`\n${title}\n${lines.join('\n')}\n`);
}
