export { codeFrame } from './code-frame.js';
export { ERROR_CODES, errorTitle, type RegisteredCode } from './codes.js';
export { Diagnostics } from './diagnostics.js';
export {
  damagedFileError,
  errnoCode,
  type FileAction,
  fileFaultInMessage,
  fileSystemError,
  machineFaultOf,
} from './file-errors.js';
export { diagnosticToJson, type FormatOptions, formatDiagnostic, formatError } from './format.js';
export {
  assertNever,
  asWarning,
  type DiagnosticInit,
  type ErrorCode,
  InternalError,
  isUserError,
  LdpError,
  LdpErrors,
} from './ldp-error.js';
export { formatSpan, offsetToLineCol, type Span } from './span.js';
export { didYouMean, didYouMeanHint, editDistance } from './suggest.js';
