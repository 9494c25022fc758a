// Says "ready", waits for the start file, then opens (creating or migrating) the catalog.
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { openCatalog } from '../../../src/catalog/index.js';

const [warehouse, start] = process.argv.slice(2) as [string, string];
process.stdout.write('ready\n');
while (!existsSync(start)) await sleep(2);
const catalog = openCatalog({ warehousePath: warehouse });
process.stdout.write(`${JSON.stringify({ version: catalog.schemaVersion })}\n`);
catalog.close();
