import { parse } from 'csv-parse';
import { Readable } from 'node:stream';
const text = '\uFEFFa,b,c\r\n1,"x\r\ny\r\nz",3\r\n\r\n4,5,6\r\n7,"q,\nr",9\r\n10,11,12';
for (const chunks of [[text], text.split('')]) {
  const p = parse({ columns: false, relax_column_count: true, bom: true, skip_empty_lines: true, info: true });
  const out: string[] = [];
  p.on('data', (r: any) => out.push(`${JSON.stringify(r.record)} info.lines=${r.info.lines} live=${p.info.lines} empty=${p.info.empty_lines}`));
  await new Promise((res, rej) => { p.on('end', res); p.on('error', rej); Readable.from(chunks.map(c=>Buffer.from(c))).pipe(p); });
  console.log(out.join('\n')); console.log('---');
}
