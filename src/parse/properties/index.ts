export { parsePropertiesFile } from './parse-properties-file.js';
