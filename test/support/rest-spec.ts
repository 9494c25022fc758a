import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** The Iceberg REST catalog spec, verbatim (see test/fixtures/iceberg-rest-spec/README.md). */
const SPEC_FILE = join(
  import.meta.dirname,
  '..',
  'fixtures',
  'iceberg-rest-spec',
  'rest-catalog-open-api.yaml',
);
const BASE = 'https://iceberg.apache.org/rest-catalog-open-api';

type Json = Record<string, unknown>;

/** A response as a test sees it, already checked against the spec. */
export interface CheckedResponse {
  readonly status: number;
  readonly text: string;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: a response body is read field by field in tests
  readonly body: any;
}

/**
 * Validates responses against the schemas of the spec's OpenAPI document with Ajv (JSON Schema
 * 2020-12, which OpenAPI 3.1 schemas are, plus OpenAPI's `nullable`). `$ref`s to
 * `#/components/…` are made absolute so any schema in the document compiles on its own;
 * `discriminator` (an OpenAPI annotation Ajv would need a mapping-free form of) is left out.
 */
export class RestSpec {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();

  private constructor(private readonly doc: Json) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
    addFormats.default(this.ajv);
    this.ajv.addSchema({ ...(absoluteRefs(doc) as Json), $id: BASE });
  }

  static load(): RestSpec {
    return new RestSpec(parse(readFileSync(SPEC_FILE, 'utf8')) as Json);
  }

  /**
   * Checks a response: the operation must exist in the spec, the status must be one it lists
   * (or its `4XX`/`5XX`), and a JSON body must match that response's schema. Returns the
   * problems (empty when the response conforms).
   */
  check(method: string, pathname: string, status: number, text: string): string[] {
    const template = this.pathTemplate(pathname);
    if (!template) return [`no path of the spec matches ${pathname}`];
    const operation = (this.doc['paths'] as Json)[template] as Json;
    const responses = (operation[method.toLowerCase()] as Json | undefined)?.['responses'] as
      | Json
      | undefined;
    if (!responses) return [`the spec has no ${method} ${template}`];
    const key = [String(status), `${String(status)[0]}XX`].find((k) => k in responses);
    if (!key) return [`${method} ${template} does not list status ${status}`];
    const schema = this.responseSchema(responses[key] as Json);
    if (schema === undefined)
      return text === '' || method === 'HEAD' ? [] : [`status ${status} has no body in the spec`];
    if (method === 'HEAD') return [];
    const validate = this.validator(`${method} ${template} ${key}`, schema);
    if (validate(JSON.parse(text))) return [];
    return (validate.errors ?? []).map(
      (e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`,
    );
  }

  private responseSchema(response: Json): Json | undefined {
    const resolved = response['$ref']
      ? ((this.doc['components'] as Json)['responses'] as Json)[String(response['$ref']).split('/').pop()!]
      : response;
    const content = (resolved as Json)['content'] as Json | undefined;
    const schema = (content?.['application/json'] as Json | undefined)?.['schema'] as Json | undefined;
    // The view routes name a bare ErrorModel for their errors, while their own examples, every
    // other route and Iceberg's clients use the `{"error": ErrorModel}` wrapper: hold them to that.
    if (schema?.['$ref'] === '#/components/schemas/ErrorModel')
      return { $ref: '#/components/schemas/IcebergErrorResponse' };
    return schema;
  }

  private validator(key: string, schema: Json): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(absoluteRefs(schema) as Json);
      this.validators.set(key, validate);
    }
    return validate;
  }

  /** The spec path whose segments match, preferring literal segments over parameters. */
  private pathTemplate(pathname: string): string | undefined {
    const segments = pathname.split('/').filter(Boolean);
    let best: { template: string; literals: number } | undefined;
    for (const template of Object.keys(this.doc['paths'] as Json)) {
      const parts = template.split('/').filter(Boolean);
      if (parts.length !== segments.length) continue;
      if (!parts.every((part, i) => part.startsWith('{') || part === segments[i])) continue;
      const literals = parts.filter((part) => !part.startsWith('{')).length;
      if (!best || literals > best.literals) best = { template, literals };
    }
    return best?.template;
  }
}

function absoluteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(absoluteRefs);
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'discriminator') continue;
    out[key] =
      key === '$ref' && typeof inner === 'string' && inner.startsWith('#')
        ? `${BASE}${inner}`
        : absoluteRefs(inner);
  }
  return out;
}

/**
 * An HTTP client for tests that checks every response against the spec and fails the test on
 * the first one that does not conform.
 */
export class RestTestClient {
  /** Every request made, with its status, for tests that count them. */
  readonly calls: { method: string; path: string; status: number }[] = [];

  constructor(
    private readonly spec: RestSpec,
    private readonly baseUrl: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  async request(
    method: string,
    path: string,
    body?: unknown | string,
    headers: Record<string, string> = {},
  ): Promise<CheckedResponse> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...this.headers,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    const pathname = new URL(`${this.baseUrl}${path}`).pathname;
    this.calls.push({ method, path, status: response.status });
    const problems = this.spec.check(method, pathname, response.status, text);
    if (problems.length > 0)
      throw new Error(
        `${method} ${path} → ${response.status} does not conform to the REST spec:\n${problems.join('\n')}\n${text.slice(0, 2000)}`,
      );
    return {
      status: response.status,
      text,
      headers: response.headers,
      body: text === '' ? undefined : JSON.parse(text),
    };
  }

  get = (path: string, headers?: Record<string, string>) => this.request('GET', path, undefined, headers);
  head = (path: string) => this.request('HEAD', path);
  post = (path: string, body: unknown) => this.request('POST', path, body);
  delete = (path: string) => this.request('DELETE', path);
}
