import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { Ajv2019, type ErrorObject } from 'ajv/dist/2019.js';
import { loadConfig } from '#app/runtime';
import { loadProjectorConfig } from '../../apps/projector/src/projector-config.js';
import {
  activeServices,
  dependenciesOf,
  environmentOf,
  envOf,
  interpolateAll,
  parseDockerfile,
  readComposeFile,
  readEnvFile,
  stringValues,
  type ComposeFile,
  type Env,
  type Service,
} from './deploy.spec-helpers.js';

// No Docker engine or Compose runs on the development machines, so docker-compose.yml is checked
// here: against the Compose Specification schema (vendored, see deploy/compose-spec/README.md),
// for the topology the README describes, and against the app's own configuration check.

const RAW = readComposeFile();
const SCHEMA = JSON.parse(readFileSync('deploy/compose-spec/compose-spec.json', 'utf8'));
const DOCKERFILE = parseDockerfile(readFileSync('Dockerfile', 'utf8'));
const IMAGE_ENV = envOf(DOCKERFILE, 'runtime');

/** The variable settings the README documents: default, KurrentDB node, KurrentDB cluster. */
const SETUPS: { name: string; env: Env; profiles: string[] }[] = [
  { name: 'defaults (events on PostgreSQL)', env: {}, profiles: [] },
  {
    name: 'deploy/env/kurrentdb.env',
    env: readEnvFile('deploy/env/kurrentdb.env'),
    profiles: [],
  },
  {
    name: 'deploy/env/kurrentdb-cluster.env',
    env: readEnvFile('deploy/env/kurrentdb-cluster.env'),
    profiles: ['cluster'],
  },
];

const APP_ENTRY = {
  api: 'dist/apps/api/src/main.js',
  projector: 'dist/apps/projector/src/main.js',
  cli: 'dist/apps/cli/src/main.js',
};

function validator() {
  const ajv = new Ajv2019({ allErrors: true, strict: true, allowUnionTypes: true });
  // The schema labels its parts with draft-04 `id`s, which Ajv refuses by default; they are
  // annotations here (every $ref is a JSON pointer), so read them as such.
  ajv.removeKeyword('id');
  ajv.addKeyword({ keyword: 'id', schemaType: 'string' });
  // The schema's formats, as Compose reads them.
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat(
    'ports',
    /^((\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  );
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F.:]+\/\d{1,3}$/);
  // Its `$schema` names draft 2019-09 by an http:// URL Ajv does not know under that name; the
  // Ajv2019 instance applies that draft anyway (and checks the schema against it).
  const { $schema: _draft, ...schema } = SCHEMA;
  return ajv.compile(schema);
}
const validate = validator();

function schemaErrors(document: unknown): string[] {
  if (validate(document)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath} ${e.message ?? ''}`);
}

function appServices(compose: ComposeFile, kind: keyof typeof APP_ENTRY): string[] {
  return Object.entries(compose.services)
    .filter(([, service]) => {
      const command = [...(service.entrypoint ?? []), ...(service.command ?? [])].join(' ');
      if (service.build === undefined) return false;
      // The image's CMD (the API) unless the service names another entry point.
      return kind === 'api' ? command === '' : command.includes(APP_ENTRY[kind]);
    })
    .map(([name]) => name);
}

/** The host names a Compose service answers to inside the project network. */
function hostsOf(url: string): string[] {
  const authority = /^[a-z+]+:\/\/(?:[^@/]*@)?([^/?#]+)/.exec(url)?.[1] ?? '';
  return authority.split(',').map((hostPort) => hostPort.replace(/:\d+$/, ''));
}

describe('docker-compose.yml', () => {
  describe.each(SETUPS)('with $name', ({ env, profiles }) => {
    const compose = interpolateAll(RAW, env);

    it('is valid against the Compose Specification schema', () => {
      expect(schemaErrors(compose)).toEqual([]);
    });

    it('gives every app service settings the app accepts, pointing at services that run', () => {
      const running = activeServices(compose, [
        ...profiles,
        ...(env.COMPOSE_PROFILES ?? '').split(','),
      ]);
      const apps = [...appServices(compose, 'api'), ...appServices(compose, 'projector')];
      expect(apps.length).toBeGreaterThanOrEqual(4);
      for (const name of apps) {
        const environment = { ...IMAGE_ENV, ...environmentOf(compose.services[name]) };
        const config = loadConfig(environment);
        expect(config.readModels.engine).toBe('postgres');
        expect(config.eventStore.engine).toBe(env.EVENT_STORE ?? 'postgres');
        const urls = [environment.EVENT_STORE_URL, environment.READ_MODEL_URL];
        for (const host of urls.flatMap(hostsOf)) expect(running).toContain(host);
      }
    });
  });

  it('the schema check rejects a broken file (it is not vacuous)', () => {
    const compose = interpolateAll(RAW, {});
    const misspelt = structuredClone(compose);
    misspelt.services['api-1'].helthcheck = misspelt.services['api-1'].healthcheck;
    // An unquoted "a: b" in a healthcheck command parses as a mapping: a mistake made once here.
    const unquoted = structuredClone(compose);
    unquoted.services['api-1'].healthcheck = {
      test: ['CMD', { "fetch('x').then((r) => r.ok ? 0": '1)' }],
    } as unknown as Service['healthcheck'];
    const badDuration = structuredClone(compose);
    badDuration.services.postgres.healthcheck = { test: ['CMD', 'true'], interval: '5 seconds' };
    for (const broken of [misspelt, unquoted, badDuration]) {
      expect(schemaErrors(broken)).not.toEqual([]);
    }
  });

  it('runs PostgreSQL, a KurrentDB node, two API instances behind a proxy and two projectors by default', () => {
    expect(activeServices(RAW, []).sort()).toEqual(
      ['api-1', 'api-2', 'kurrentdb', 'postgres', 'projector-1', 'projector-2', 'proxy'].sort(),
    );
    expect(RAW.services.postgres.image).toMatch(/^postgres:1[56]\b/);
    expect(RAW.services.kurrentdb.image).toMatch(
      /^docker\.kurrent\.io\/kurrent-latest\/kurrentdb:/,
    );
    expect(environmentOf(RAW.services.kurrentdb).KURRENTDB_CLUSTER_SIZE).toBe('1');
    expect(environmentOf(RAW.services.kurrentdb).KURRENTDB_INSECURE).toBe('true');
  });

  it('has every long-running service healthchecked (the on-demand CLI excepted)', () => {
    for (const [name, service] of Object.entries(RAW.services)) {
      if (appServices(RAW, 'cli').includes(name)) {
        expect(service.healthcheck).toEqual({ disable: true });
        continue;
      }
      expect(service.healthcheck?.disable).not.toBe(true);
      expect(service.healthcheck?.test).toEqual(expect.arrayContaining(['CMD']));
    }
    for (const name of appServices(RAW, 'api')) {
      expect(JSON.stringify(RAW.services[name].healthcheck?.test)).toContain('/health');
    }
    // The projectors answer /health on PROJECTOR_PORT, the port their healthcheck asks.
    const compose = interpolateAll(RAW, {});
    for (const name of appServices(compose, 'projector')) {
      const config = loadProjectorConfig({
        ...IMAGE_ENV,
        ...environmentOf(compose.services[name]),
      });
      expect(config.healthPort).not.toBeNull();
      expect(JSON.stringify(RAW.services[name].healthcheck?.test)).toContain(
        `127.0.0.1:${config.healthPort}/health`,
      );
    }
  });

  it('leaves projecting to the projectors: the API instances and the CLI have PROJECTIONS=off', () => {
    const compose = interpolateAll(RAW, {});
    expect(appServices(compose, 'api')).toEqual(['api-1', 'api-2']);
    for (const name of [...appServices(compose, 'api'), ...appServices(compose, 'cli')]) {
      const config = loadConfig({ ...IMAGE_ENV, ...environmentOf(compose.services[name]) });
      expect({ name, projections: config.projections }).toEqual({ name, projections: 'off' });
    }
  });

  it('runs two projectors on one read-model database, where the advisory lock picks the active one', () => {
    const compose = interpolateAll(RAW, {});
    const projectors = appServices(compose, 'projector');
    expect(projectors).toEqual(['projector-1', 'projector-2']);
    const readModelUrls = new Set(
      projectors.map((name) => environmentOf(compose.services[name]).READ_MODEL_URL),
    );
    expect(readModelUrls.size).toBe(1);
    // The same database the API instances read and wait on (read-your-writes).
    for (const name of appServices(compose, 'api')) {
      expect(readModelUrls).toContain(environmentOf(compose.services[name]).READ_MODEL_URL);
    }
  });

  it('creates the databases the apps use', () => {
    const compose = interpolateAll(RAW, {});
    const postgres = environmentOf(compose.services.postgres);
    const app = environmentOf(compose.services['api-1']);
    const database = (url: string) => new URL(url).pathname.slice(1);
    const user = (url: string) => new URL(url).username;
    expect(database(app.EVENT_STORE_URL)).toBe(postgres.POSTGRES_DB);
    expect(database(app.READ_MODEL_URL)).toBe(postgres.READ_MODEL_DB);
    expect([user(app.EVENT_STORE_URL), user(app.READ_MODEL_URL)]).toEqual([
      postgres.POSTGRES_USER,
      postgres.POSTGRES_USER,
    ]);
    const init = compose.services.postgres.volumes?.find((v) =>
      v.includes('/docker-entrypoint-initdb.d'),
    );
    const script = readFileSync(`${init?.split(':')[0]}/10-read-model-database.sh`, 'utf8');
    expect(script).toContain('READ_MODEL_DB');
    expect(script).toMatch(/CREATE DATABASE :"db" OWNER :"owner"/);
  });

  it('defines a 3-node KurrentDB cluster in the "cluster" profile, each node seeded with the others', () => {
    const nodes = Object.entries(RAW.services).filter(([, s]) => s.profiles?.includes('cluster'));
    expect(nodes.map(([name]) => name)).toEqual(['kurrentdb-1', 'kurrentdb-2', 'kurrentdb-3']);
    const volumes = new Set<string>();
    for (const [name, node] of nodes) {
      const env = environmentOf(node);
      expect(node.image).toBe(RAW.services.kurrentdb.image);
      expect(env.KURRENTDB_CLUSTER_SIZE).toBe('3');
      const others = nodes.map(([other]) => other).filter((other) => other !== name);
      expect(env.KURRENTDB_GOSSIP_SEED.split(',').sort()).toEqual(others.map((o) => `${o}:2113`));
      expect(env.KURRENTDB_NODE_HOST_ADVERTISE_AS).toBe(name);
      expect(env.KURRENTDB_REPLICATION_HOST_ADVERTISE_AS).toBe(name);
      expect(node.healthcheck?.test).toEqual(RAW.services.kurrentdb.healthcheck?.test);
      for (const volume of node.volumes ?? []) volumes.add(volume.split(':')[0]);
    }
    // Shared nothing: one data volume per node.
    expect(volumes.size).toBe(3);
    const clusterUrl = readEnvFile('deploy/env/kurrentdb-cluster.env').EVENT_STORE_URL;
    expect(hostsOf(clusterUrl).sort()).toEqual(nodes.map(([name]) => name));
  });

  it('sends the proxy to every API instance', () => {
    const caddyfile = readFileSync('deploy/caddy/Caddyfile', 'utf8');
    const upstreams =
      /^\s*reverse_proxy\s+([^{\n]+)/m.exec(caddyfile)?.[1].trim().split(/\s+/) ?? [];
    expect(upstreams).toEqual(appServices(RAW, 'api').map((name) => `${name}:3000`));
    expect(caddyfile).toMatch(/health_uri \/health/);
    expect(dependenciesOf(RAW.services.proxy).sort()).toEqual(appServices(RAW, 'api'));
    expect(JSON.stringify(RAW.services.proxy.healthcheck?.test)).toContain('/proxy-health');
    expect(caddyfile).toMatch(/handle \/proxy-health/);
  });

  it('refers only to things that exist: services, volumes, files, app entry points', () => {
    const declared = Object.keys(RAW.volumes ?? {});
    for (const [name, service] of Object.entries(RAW.services)) {
      for (const dependency of dependenciesOf(service)) {
        expect(Object.keys(RAW.services)).toContain(dependency);
        // A service started by default cannot wait for one that only a profile starts.
        if ((service.profiles ?? []).length === 0)
          expect(RAW.services[dependency].profiles).toBeUndefined();
      }
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0];
        if (source.startsWith('.') || source.startsWith('/')) expect(existsSync(source)).toBe(true);
        else expect(declared).toContain(source);
      }
      if (service.build !== undefined) {
        expect(service.build).toEqual({ context: '.' });
        const entry = [...(service.entrypoint ?? []), ...(service.command ?? [])].find((arg) =>
          arg.startsWith('dist/'),
        );
        if (entry !== undefined) {
          const source = entry.replace(/^dist\//, '').replace(/\.js$/, '.ts');
          expect({ service: name, source, exists: existsSync(source) }).toEqual({
            service: name,
            source,
            exists: true,
          });
        }
      }
      expect(name).toMatch(/^[a-z0-9][a-z0-9_-]*$/);
    }
  });

  it('commits no secrets: passwords come from variables, with a local-only default', () => {
    for (const { path, value } of stringValues(RAW)) {
      // No password inside a URL.
      expect({ path, value }).not.toEqual({
        path,
        value: expect.stringMatching(/\/\/[^/\s:@]+:[^/\s@]+@/),
      });
      const key = path.split('.').pop() ?? '';
      if (/PASSWORD|SECRET|TOKEN|LICENSE_KEY/i.test(key)) {
        expect({ path, value }).toEqual({
          path,
          value: expect.stringMatching(/^\$\{[A-Z_]+:-local-only[^}]*\}$/),
        });
      }
    }
    // One variable sets the server's password and every client's.
    const compose = interpolateAll(RAW, { POSTGRES_PASSWORD: 'from-the-environment' });
    expect(environmentOf(compose.services.postgres).POSTGRES_PASSWORD).toBe('from-the-environment');
    for (const name of [
      ...appServices(compose, 'api'),
      ...appServices(compose, 'projector'),
      ...appServices(compose, 'cli'),
    ]) {
      expect(environmentOf(compose.services[name]).PGPASSWORD).toBe('from-the-environment');
    }
    // Only loopback for the databases; the proxy is the one port meant for the network.
    for (const name of ['postgres', 'kurrentdb']) {
      for (const port of interpolateAll(RAW, {}).services[name].ports ?? [])
        expect(port).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it('gives the apps only variables the app reads (catches a misspelt name)', () => {
    const namesIn = (file: string) => {
      const read = new Set(['NODE_ENV', 'PGPASSWORD']);
      for (const match of readFileSync(file, 'utf8').matchAll(
        /env\.([A-Z][A-Z0-9_]*)|'([A-Z][A-Z0-9_]*)'/g,
      ))
        read.add(match[1] ?? match[2]);
      return read;
    };
    const api = namesIn('libs/runtime/src/config/config.ts');
    // The projector reads the API's settings plus its own.
    const projector = new Set([...api, ...namesIn('apps/projector/src/projector-config.ts')]);
    for (const kind of ['api', 'projector', 'cli'] as const) {
      const read = kind === 'projector' ? projector : api;
      for (const name of appServices(RAW, kind)) {
        for (const key of Object.keys(environmentOf(RAW.services[name])))
          expect({ name, key, known: read.has(key) }).toEqual({ name, key, known: true });
      }
    }
  });
});

/** Compose v2 (`docker compose`) or v1 (`docker-compose`), whichever this machine has. */
function composeCommand(): string[] | undefined {
  for (const command of [['docker', 'compose'], ['docker-compose']]) {
    const probe = spawnSync(command[0], [...command.slice(1), 'version'], { encoding: 'utf8' });
    if (probe.status === 0) return command;
  }
  return undefined;
}

const COMPOSE = composeCommand();

describe('Compose itself', () => {
  if (COMPOSE === undefined) {
    const reason =
      'skipped: neither `docker compose` nor `docker-compose` is installed here; the schema tests above still ran';
    console.log(`docker-compose.yml ${reason}`);
    it.skip(reason, () => undefined);
    return;
  }
  it.each(SETUPS)(
    `accepts the file with $name (${COMPOSE.join(' ')} config)`,
    ({ env, profiles }) => {
      const args = [
        ...COMPOSE.slice(1),
        '--file',
        'docker-compose.yml',
        ...profiles.flatMap((p) => ['--profile', p]),
        'config',
        '--quiet',
      ];
      const result = spawnSync(COMPOSE[0], args, {
        encoding: 'utf8',
        env: { ...process.env, ...env, COMPOSE_PROJECT_NAME: 'poverty-monitor' },
      });
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    },
  );
});
