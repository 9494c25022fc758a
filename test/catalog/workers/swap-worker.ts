// Opens the catalog, says "ready", waits for the start file, then tries one compare-and-swap
// and prints whether it won.
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { openCatalog } from '../../../src/catalog/index.js';

const [warehouse, start, expected, next] = process.argv.slice(2) as [string, string, string, string];
const catalog = openCatalog({ warehousePath: warehouse });
process.stdout.write('ready\n');
while (!existsSync(start)) await sleep(5);
const won = catalog.swapMetadataLocation({ namespace: ['race'], name: 't' }, expected, next);
process.stdout.write(`${JSON.stringify({ won })}\n`);
catalog.close();
