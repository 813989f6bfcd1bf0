/**
 * Predicted quality per (request, model) of a trained router over a trace, written once in batch
 * (`routelab score`) so that the learned routing rule can run as SQL joined with it (learn/sql-learned.ts).
 * Numbers are written as the shortest decimal that reads back as the same double, so a SQL engine routes on
 * exactly the values the in-process policy computes.
 */
import { ReplayRequestView } from '../replay/request-view.ts';
import type { Trace } from '../traces/trace.ts';
import type { Predictor } from './predictor.ts';

/** The CSV header of a predictions file. */
export const PREDICTIONS_HEADER = 'request_id,model,predicted_quality';

const csvCell = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The predictions file's text: one line per request × model of the predictor, requests in trace order. */
export function predictionsCsv(trace: Trace, predictor: Predictor): string {
  const view = new ReplayRequestView(trace);
  const q = new Float64Array(predictor.models.length);
  const models = predictor.models.map(csvCell);
  const lines: string[] = [PREDICTIONS_HEADER];
  for (let r = 0; r < trace.requestCount; r++) {
    view.moveTo(r);
    predictor.predict(view, q);
    const id = csvCell(trace.requestIds[r]!);
    for (let m = 0; m < models.length; m++) lines.push(`${id},${models[m]},${q[m]}`);
  }
  return `${lines.join('\n')}\n`;
}
