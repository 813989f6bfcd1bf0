/**
 * The trace limited to the router's candidate models, with the model dictionary re-encoded, so the
 * policies it is compared with (knn, best-prior, singles, oracle) choose among the same models —
 * otherwise they could pick a model the learned router was not allowed to use.
 */
import { pickRows } from '../traces/pick-rows.ts';
import type { Trace } from '../traces/trace.ts';

export function restrictModels(trace: Trace, models: readonly string[]): Trace {
  const newCode = new Int32Array(trace.modelNames.length).fill(-1);
  const modelNames = trace.modelNames.filter((m) => models.includes(m));
  modelNames.forEach((m, i) => (newCode[trace.modelNames.indexOf(m)] = i));
  if (modelNames.length === trace.modelNames.length) return trace;
  const rows: number[] = [];
  const requestRowStart = new Uint32Array(trace.requestCount + 1);
  for (let r = 0; r < trace.requestCount; r++) {
    for (let i = trace.requestRowStart[r]!; i < trace.requestRowStart[r + 1]!; i++)
      if (newCode[trace.rowModel[i]!]! >= 0) rows.push(i);
    requestRowStart[r + 1] = rows.length;
  }
  const columns = pickRows(trace, rows);
  const rowModel = columns.rowModel;
  for (let j = 0; j < rowModel.length; j++) rowModel[j] = newCode[rowModel[j]!]!;
  return {
    ...trace,
    ...columns,
    rowCount: rows.length,
    modelNames,
    requestRowStart,
  };
}
