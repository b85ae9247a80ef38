/**
 * A second, throwaway Kafka broker secured as managed Kafka services are: one SASL_SSL
 * listener (SCRAM-SHA-512) with a certificate from a private CA. It runs from the local
 * stack's jars (infra/kafka.sh installs them) as a single KRaft node beside the stack's own
 * broker; everything it needs or writes (CA, keystore, KRaft data, log) lives in one temp
 * dir that stop() removes.
 *
 *   1. A CA, and a broker certificate signed by it for 127.0.0.1, in a PKCS12 keystore.
 *   2. The KRaft storage formatted with the SCRAM user, so the user exists before any request.
 *   3. The broker started, and waited for until its listener accepts connections and the
 *      user can find a group coordinator.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, existsSync, openSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import kafkajs from 'kafkajs';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface SecuredKafka {
  /** host:port of the SASL_SSL listener, as KAFKA_BROKERS takes them. */
  brokers: string[];
  /** PEM file of the private CA that signed the broker's certificate (KAFKA_SSL_CA_FILE). */
  caFile: string;
  /** The SCRAM-SHA-512 user the cluster was formatted with; the password is random. */
  username: string;
  password: string;
  /** The broker's output, to explain a failure. */
  logFile: string;
  /** Kills the broker and removes its temp dir. */
  stop(): Promise<void>;
}

export interface SecuredKafkaOptions {
  /** The SASL_SSL listener; the local stack's broker uses 9092. */
  port?: number;
  /** The KRaft controller listener (PLAINTEXT, loopback only); the stack's uses 9093. */
  controllerPort?: number;
  /** How long the broker may take to serve; a cold JVM on 2 cores takes several seconds. */
  timeoutMs?: number;
}

export async function startSecuredKafka(options: SecuredKafkaOptions = {}): Promise<SecuredKafka> {
  const { port = 19092, controllerPort = 19093, timeoutMs = 90_000 } = options;
  const classPath = await kafkaClassPath();
  for (const taken of [port, controllerPort]) {
    if (await portOpen(taken)) throw new Error(`port ${taken} is taken by another process; pass another to startSecuredKafka`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'journeys-secured-kafka-'));
  const file = (name: string) => join(dir, name);
  const username = 'journeys';
  const password = randomBytes(18).toString('base64url');
  const keystorePassword = randomBytes(18).toString('base64url');
  let broker: { process: ChildProcess; exited: Promise<unknown> } | undefined;
  const stop = async () => {
    if (broker) await kill(broker.process, broker.exited);
    await rm(dir, { recursive: true, force: true });
  };

  try {
    // 1. In the temp dir, so that no argument holds a path (or a space); the keystore
    // password reaches openssl through its environment, not its arguments.
    const openssl = (args: string, env: Record<string, string> = {}) => run('openssl', args.split(' '), { cwd: dir, env });
    const ec = '-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes';
    await openssl(`req -x509 ${ec} -keyout ca.key -out ca.pem -days 2 -subj /CN=journeys-test-ca`);
    await openssl(`req ${ec} -keyout broker.key -out broker.csr -subj /CN=127.0.0.1`);
    await writeFile(file('broker.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
    await openssl('x509 -req -in broker.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile broker.ext -out broker.pem');
    const keystoreEnv = { KEYSTORE_PASSWORD: keystorePassword };
    await openssl(
      'pkcs12 -export -in broker.pem -inkey broker.key -certfile ca.pem -out broker.p12 -passout env:KEYSTORE_PASSWORD',
      keystoreEnv,
    );

    // 2. The broker's connections to itself use the same listener and user: only the
    // controller listener, on loopback, is left unauthenticated.
    const jaas = `org.apache.kafka.common.security.scram.ScramLoginModule required username="${username}" password="${password}";`;
    await writeFile(
      file('server.properties'),
      lines(
        'process.roles=broker,controller',
        'node.id=1',
        `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
        `listeners=SASL_SSL://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
        `advertised.listeners=SASL_SSL://127.0.0.1:${port}`,
        'controller.listener.names=CONTROLLER',
        'listener.security.protocol.map=CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL',
        'inter.broker.listener.name=SASL_SSL',
        'sasl.enabled.mechanisms=SCRAM-SHA-512',
        'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512',
        `listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=${jaas}`,
        'ssl.keystore.type=PKCS12',
        `ssl.keystore.location=${file('broker.p12')}`,
        `ssl.keystore.password=${keystorePassword}`,
        'ssl.truststore.type=PEM',
        `ssl.truststore.location=${file('ca.pem')}`,
        `log.dirs=${file('data')}`,
        'num.partitions=1',
        'offsets.topic.replication.factor=1',
        'offsets.topic.num.partitions=3',
        'transaction.state.log.replication.factor=1',
        'transaction.state.log.min.isr=1',
        'group.initial.rebalance.delay.ms=0',
        'auto.create.topics.enable=false',
      ),
    );
    await writeFile(
      file('log4j.properties'),
      lines(
        'log4j.rootLogger=WARN, stdout',
        'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
        'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
        'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
        'log4j.logger.kafka.server.KafkaRaftServer=INFO',
      ),
    );
    const heap = ['-Xms128m', '-Xmx512m', '-XX:+UseG1GC'];
    const jvm = [...heap, '-Djava.awt.headless=true', `-Dlog4j.configuration=file:${file('log4j.properties')}`, '-cp', classPath];
    const scram = `SCRAM-SHA-512=[name=${username},password=${password}]`;
    const format = ['format', '-t', clusterId(), '-c', 'server.properties', '--add-scram', scram];
    await run('java', [...jvm, 'kafka.tools.StorageTool', ...format], { cwd: dir, what: 'kafka-storage format' });

    // 3. Its output goes to the temp dir too, beside its data.
    const logFile = file('server.log');
    const out = openSync(logFile, 'a');
    const child = spawn('java', [...jvm, 'kafka.Kafka', file('server.properties')], { stdio: ['ignore', out, out] });
    closeSync(out);
    broker = { process: child, exited: once(child, 'exit') };
    // A test process that ends without calling stop() (a failed hook, --test-force-exit) is
    // not held open by the broker, and does not leave it behind.
    child.unref();
    const killOnExit = () => {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    };
    process.once('exit', killOnExit);
    void broker.exited.then(() => process.off('exit', killOnExit));
    await waitUntilServing(child, port, logFile, timeoutMs);
    const secured = { brokers: [`127.0.0.1:${port}`], caFile: file('ca.pem'), username, password, logFile, stop };
    await findGroupCoordinator(secured);
    return secured;
  } catch (error) {
    await stop();
    throw error;
  }
}

const lines = (...text: string[]) => `${text.join('\n')}\n`;

/** Runs a tool; a failure shows its output, not its arguments (which may hold the SCRAM password). */
async function run(command: string, args: string[], options: { cwd: string; env?: Record<string, string>; what?: string }) {
  try {
    await promisify(execFile)(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env } });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`${options.what ?? `${command} ${args[0]}`} failed:\n${tail(`${stdout ?? ''}${stderr ?? ''}`)}`);
  }
}

/** The jars of the stack's Kafka version (infra/versions.env), where infra/kafka.sh installs them. */
async function kafkaClassPath(): Promise<string> {
  const versions = await readFile(join(root, 'infra/versions.env'), 'utf8');
  const version = /^KAFKA_VERSION=(.+)$/m.exec(versions)?.[1]?.trim();
  if (!version) throw new Error('KAFKA_VERSION is missing from infra/versions.env');
  const lib = join(process.env.JOURNEYS_LOCAL_DIR ?? join(root, '.local'), `kafka/lib-${version}`);
  if (!existsSync(join(lib, '.complete'))) throw new Error(`Kafka ${version} is not installed in ${lib}: run infra/kafka.sh install`);
  return `${lib}/*`;
}

/** A KRaft cluster id as `kafka-storage random-uuid` prints one (16 random bytes, base64url), without a JVM start. */
function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    // Kafka never hands out ids starting with '-': command lines would read them as options.
    if (!id.startsWith('-')) return id;
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(1_000, () => done(false));
  });
}

/** As infra/kafka.sh waits: the server says it started, and its listener accepts connections. */
async function waitUntilServing(broker: ChildProcess, port: number, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = await readFile(logFile, 'utf8');
    if (broker.exitCode !== null || broker.signalCode !== null)
      throw new Error(`the secured Kafka broker exited (${broker.exitCode ?? broker.signalCode}):\n${tail(log)}`);
    if (log.includes('Kafka Server started') && (await portOpen(port))) return;
    if (Date.now() > deadline) throw new Error(`the secured Kafka broker did not start within ${timeoutMs / 1000} s:\n${tail(log)}`);
    await delay(300);
  }
}

/**
 * The first group coordinator lookup on a new cluster creates __consumer_offsets, and kafkajs
 * logs "The group coordinator is not available" as an error until it exists. Looked up here,
 * quietly, so the product's first consumer group finds it; it also proves the user can log in.
 */
async function findGroupCoordinator({ brokers, caFile, username, password }: Omit<SecuredKafka, 'logFile' | 'stop'>): Promise<void> {
  const admin = new kafkajs.Kafka({
    clientId: 'secured-kafka-start',
    brokers,
    ssl: { ca: [await readFile(caFile, 'utf8')] },
    sasl: { mechanism: 'scram-sha-512', username, password },
    logLevel: kafkajs.logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    await admin.describeGroups(['secured-kafka-start']);
  } finally {
    await admin.disconnect();
  }
}

const tail = (text: string) => text.trimEnd().split('\n').slice(-25).join('\n');

/** SIGTERM, then SIGKILL after 10 s: a throwaway broker needs no clean shutdown, only to be gone. */
async function kill(broker: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (broker.exitCode !== null || broker.signalCode !== null) return;
  broker.kill('SIGTERM');
  const timer = setTimeout(() => broker.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
