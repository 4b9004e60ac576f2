import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { loadExperimentFile } from '../../../../src/experiment/load-file.js';
import { writeK6DryRun } from '../../../../src/runner/k6.js';

/**
 * The TestRun greenlight writes for the k6-operator, checked against the operator's own CRD
 * schema (the relevant part, kept in fixtures/k6-operator-testrun-crd.yaml with its source).
 * No cluster can be reached here: the check is the schema's, as the API server would apply it.
 */
const CRD = parse(readFileSync(join(import.meta.dirname, 'fixtures', 'k6-operator-testrun-crd.yaml'), 'utf8')) as {
  spec: { group: string; names: { kind: string }; versions: { name: string; schema: { openAPIV3Schema: Schema } }[] };
};
const VERSION = CRD.spec.versions[0]!;
const folder = mkdtempSync(join(tmpdir(), 'greenlight-k6-operator-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface Schema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'boolean';
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  'x-greenlight-pruned'?: boolean;
}

/**
 * Checks a value against an OpenAPI v3 structural schema as far as the fixture goes: types,
 * int32 range, enums, required fields, and no fields the schema lacks (the API server would
 * silently prune those, so a manifest relying on one would not do what it says).
 */
function violations(value: unknown, schema: Schema, path = ''): string[] {
  const at = path || '(root)';
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return [`${at}: expected a string`];
      break;
    case 'boolean':
      if (typeof value !== 'boolean') return [`${at}: expected a boolean`];
      break;
    case 'integer':
      if (!Number.isInteger(value)) return [`${at}: expected an integer`];
      if (schema.format === 'int32' && Math.abs(value as number) >= 2 ** 31) return [`${at}: outside int32`];
      break;
    case 'array':
      if (!Array.isArray(value)) return [`${at}: expected an array`];
      if (schema['x-greenlight-pruned'] || !schema.items) return [];
      return value.flatMap((item, index) => violations(item, schema.items as Schema, `${path}[${index}]`));
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at}: expected an object`];
      if (schema['x-greenlight-pruned'] || !schema.properties) return [];
      const record = value as Record<string, unknown>;
      const properties = schema.properties;
      return [
        ...(schema.required ?? []).filter((key) => !(key in record)).map((key) => `${at}: ${key} is required`),
        ...Object.entries(record).flatMap(([key, item]) =>
          properties[key] ? violations(item, properties[key], `${path}.${key}`) : [`${at}: unknown field ${key}`],
        ),
      ];
    }
  }
  return schema.enum && !schema.enum.includes(value) ? [`${at}: expected one of ${schema.enum.join(', ')}`] : [];
}

interface ManifestObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: Record<string, unknown> & { arguments?: string };
  data: Record<string, string>;
}

async function dryRunWithOperator(instances: number) {
  const experiment = await loadExperimentFile('scenarios/quickstart.ts');
  const files = await writeK6DryRun(experiment, { outDir: folder, instances, k6Operator: true });
  const documents = parseAllDocuments(readFileSync(files.operatorPath!, 'utf8')).map((document) => {
    expect(document.errors).toEqual([]);
    return document.toJS() as ManifestObject;
  });
  return { files, documents };
}

describe('the k6-operator TestRun of --dry-run --k6-operator', () => {
  it('is a TestRun the operator’s CRD schema accepts, with the script in a ConfigMap', async () => {
    const { files, documents } = await dryRunWithOperator(4);
    const [configMap, testRun] = documents;

    expect(testRun).toMatchObject({ apiVersion: `${CRD.spec.group}/${VERSION.name}`, kind: CRD.spec.names.kind });
    expect(violations(testRun, VERSION.schema.openAPIV3Schema)).toEqual([]);
    expect(testRun).toMatchObject({
      spec: {
        parallelism: 4,
        script: { configMap: { name: configMap!.metadata.name, file: 'script.js' } },
        runner: { env: expect.arrayContaining([{ name: 'GREENLIGHT_TARGET_URL', value: 'http://127.0.0.1:8080' }]) },
      },
    });
    // The operator gives each runner its segment and its API address itself.
    const args = testRun!.spec.arguments;
    expect(args).not.toMatch(/--execution-segment|--address/);
    expect(args).toContain('--tag greenlight_run=');

    expect(configMap).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap' });
    expect((configMap as { data: Record<string, string> }).data['script.js']).toBe(
      readFileSync(files.scriptPath, 'utf8'),
    );
    for (const name of documents.map((document) => document.metadata.name)) {
      expect(name).toMatch(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/);
    }
  });

  it('the schema check fails a TestRun the API server would refuse or prune', async () => {
    const { documents } = await dryRunWithOperator(2);
    const testRun = documents[1]!;
    const broken = { ...testRun, spec: { ...testRun.spec, parallelism: '2', replicas: 2, script: undefined } };
    delete broken.spec.script;
    expect(violations(broken, VERSION.schema.openAPIV3Schema)).toEqual([
      '.spec: script is required',
      '.spec.parallelism: expected an integer',
      '.spec: unknown field replicas',
    ]);
  });
});
