// Takes the warehouse lock, says "locked", and holds it until killed.
import { openCatalog } from '../../../src/catalog/index.js';

const [warehouse] = process.argv.slice(2) as [string];
const catalog = openCatalog({ warehousePath: warehouse });
await catalog.acquireWarehouseLock({ owner: 'ldp run (worker)' });
process.stdout.write('locked\n');
setInterval(() => {}, 60_000);
