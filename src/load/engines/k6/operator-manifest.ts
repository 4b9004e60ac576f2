import { Document } from 'yaml';
import { InputError } from '../../../errors.js';

/** The largest ConfigMap Kubernetes stores (1 MiB of data). */
const MAX_CONFIG_MAP_BYTES = 1024 * 1024;
/** Room in a 63-character DNS label for the suffixes the operator adds (-initializer, -starter, -<n>). */
const MAX_NAME = 52;

export interface OperatorManifestSpec {
  /** The run's id (e.g. 20261130-120000-quickstart): the objects are named after it. */
  runId: string;
  /** The bundled script (script.js) and its file name in the ConfigMap. */
  script: string;
  scriptFile: string;
  /** k6 runner pods: each runs one execution segment; the operator splits the test itself. */
  parallelism: number;
  /** Where the runner pods send the load (GREENLIGHT_TARGET_URL). */
  targetUrl: string;
}

/**
 * A k6-operator TestRun (k6.io/v1alpha1) and the ConfigMap holding its script, as one YAML
 * file for `kubectl apply -f`. The operator starts `parallelism` runner pods and gives each
 * its --execution-segment, so the arguments carry neither segments nor an address; they tag
 * the samples with the run id, for whatever output the cluster's k6 writes to.
 */
export function operatorManifest(spec: OperatorManifestSpec): string {
  const bytes = Buffer.byteLength(spec.script);
  if (bytes > MAX_CONFIG_MAP_BYTES) {
    throw new InputError(
      `--k6-operator: the k6 script is ${bytes} bytes, more than the ${MAX_CONFIG_MAP_BYTES} a ConfigMap holds`,
    );
  }
  const name = objectName(spec.runId);
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${name}-script`, labels: { 'app.kubernetes.io/created-by': 'greenlight' } },
    data: { [spec.scriptFile]: spec.script },
  };
  const testRun = {
    apiVersion: 'k6.io/v1alpha1',
    kind: 'TestRun',
    metadata: { name, labels: { 'app.kubernetes.io/created-by': 'greenlight' } },
    spec: {
      parallelism: spec.parallelism,
      script: { configMap: { name: `${name}-script`, file: spec.scriptFile } },
      arguments: `--tag greenlight_run=${spec.runId}`,
      runner: {
        env: [
          { name: 'GREENLIGHT_TARGET_URL', value: spec.targetUrl },
          { name: 'K6_NO_USAGE_REPORT', value: 'true' },
        ],
      },
    },
  };
  const documents = [configMap, testRun].map((object) => new Document(object));
  (documents[1] as Document).commentBefore =
    ' Set GREENLIGHT_TARGET_URL to the service as the runner pods reach it, and add your\n' +
    " cluster's k6 output to spec.arguments (e.g. --out experimental-prometheus-rw).";
  return `${documents.map((document) => document.toString({ lineWidth: 0 })).join('---\n')}`;
}

/** A DNS-1123 label from the run id: lower-case letters, digits and '-', starting with a letter. */
function objectName(runId: string): string {
  const slug = `greenlight-${runId}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, MAX_NAME);
  return slug.replace(/-+$/, '');
}
