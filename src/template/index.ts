export { type BlockKind, extractBlocks, macroFileSource, type TemplateBlock } from './blocks.js';
export { type BaseContextOptions, baseContext } from './context/base-context.js';
export { PyDateTime, PyTimeDelta } from './context/py-datetime.js';
export { TemplateRelation } from './context/relation-object.js';
export { renderWithWarehouse, type StatementRunner } from './context/replay-render.js';
export { isSecretEnvName, SECRET_ENV_PREFIX, secretEnvUses } from './context/secret-env.js';
export {
  type QueryResult,
  WAREHOUSE_PORT,
  type WarehousePort,
} from './context/warehouse-port.js';
export {
  createTemplateEngine,
  type TemplateEngine,
  type TemplateEngineOptions,
  type TemplateSource,
} from './engine.js';
export { type JinjaSegment, scanJinja } from './jinja-scan.js';
export type { MacroFile, MacroInfo } from './macro-library.js';
export { PyNamespace, PySet, PyTuple } from './python/py-types.js';
export { pythonRepr, pythonStr } from './python/python-repr.js';
export { isKeywords, splitArgs } from './split-args.js';
export { type CodeSkeleton, type TemplateCode, templateCodeOf } from './syntax/code-skeleton.js';
