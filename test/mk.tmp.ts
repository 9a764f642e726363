import fs from 'node:fs';
import { tempEngine } from './support/tempData';
import { seedPortfolio } from './support/portfolio';
const e = tempEngine({ today: '2026-12-07', actor: 'Harpreet Sandhu' });
seedPortfolio(e.context, 30, '2026-12-07');
for (const format of ['pdf', 'docx'] as const) {
  const f = await e.handlers['portfolio.report']({ format, today: '2026-12-07' });
  fs.writeFileSync(`/tmp/lot/${f.file_name}`, Buffer.from(f.content_base64, 'base64'));
  console.log(f.file_name, f.page_count);
}
e.close();
