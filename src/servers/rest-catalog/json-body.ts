import type { IncomingMessage } from 'node:http';
import { isInteger, isSafeNumber, parse } from 'lossless-json';
import { RestErrors } from './rest-errors.js';

/** Commits carry whole snapshot lists at most; anything larger is not a catalog request. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** The request body as text (empty when there is none). */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw RestErrors.badRequest(`request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Parses a JSON body without losing precision: integers beyond 2^53 (snapshot ids other engines
 * write) become bigint, every other number a JS number.
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw RestErrors.badRequest('the request needs a JSON body');
  try {
    return parse(text, undefined, (value) =>
      isInteger(value) && !isSafeNumber(value) ? BigInt(value) : Number(value),
    );
  } catch (error) {
    throw RestErrors.badRequest(`malformed JSON body: ${(error as Error).message}`);
  }
}
