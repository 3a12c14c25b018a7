/** The one table style the CLI prints (cli-table3, compact, no colours). */
import Table from 'cli-table3';

export function compactTable(head: string[] = []): InstanceType<typeof Table> {
  return new Table({ head, style: { head: [], border: [], compact: true } });
}
