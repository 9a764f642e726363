/**
 * A child process for the kill -9 durability test: writes bursts through Store.write, forever, and
 * after each write has returned prints `ack ROW_ID VALUE` (synchronously, so nothing unwritten is
 * ever acknowledged). Usage: node --import tsx store-writer.ts FILE TAG
 */
import fs from 'node:fs';
import { openStore } from '../../electron/store/index';
import { newId } from '../../electron/store/ids';

const [file, tag] = process.argv.slice(2);
if (!file || !tag) throw new Error('usage: store-writer.ts FILE TAG');
const store = openStore(file);
for (let burst = 0; ; burst += 1) {
  const rowId = newId();
  const value = `${tag}-${burst} Sḵwx̱wú7mesh`;
  store.write('Writer', [
    { entity: 'dossiers', rowId, field: 'reference', value: `KILL-${tag}-${burst}`, dossierId: rowId },
    { entity: 'dossiers', rowId, field: 'created_at', value: new Date().toISOString(), dossierId: rowId },
    { entity: 'dossiers', rowId, field: 'organization__legal_name', value, dossierId: rowId },
    { entity: 'dossiers', rowId, field: 'status__phase', value: 'intake', dossierId: rowId },
  ]);
  fs.writeSync(1, `ack ${rowId} ${value}\n`);
}
