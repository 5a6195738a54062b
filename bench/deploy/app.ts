/**
 * The benchmark's application: N components, each with one config file and a
 * port. caravan.ts turns it into a Caravan template and renders it with
 * Caravan's renderer (a ConfigMap, a Service and a Deployment each); kubectl
 * and Helm apply those very objects.
 */

export interface BenchComponent {
  readonly name: string;
  readonly image: string;
  readonly replicas: number;
  readonly port: number;
  /** File name and content of its one config file, mounted at /etc/<name>/. */
  readonly configFile: { readonly name: string; readonly content: string };
}

export interface BenchApp {
  readonly name: string;
  readonly version: string;
  readonly components: readonly BenchComponent[];
}

/** A Kubernetes object as sent to the API server (no namespace: each tool sets its own). */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly [field: string]: unknown;
}

export function benchApp(components = 20, replicas = 2): BenchApp {
  return {
    name: 'bench-shop',
    version: '1.0.0',
    components: Array.from({ length: components }, (_, i) => {
      const name = `svc-${String(i).padStart(2, '0')}`;
      return {
        name,
        // kwok never pulls images, so any reference works.
        image: `registry.invalid/bench/${name}:1.0.0`,
        replicas,
        port: 8080,
        configFile: { name: 'app.properties', content: `component=${name}\nlog.level=info\npool.size=${8 + i}\n` },
      };
    }),
  };
}

/** ConfigMap, Service, Deployment per component, in that order (config before the workload using it). */
