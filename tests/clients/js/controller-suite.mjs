// What a controller built on @kubernetes/client-node (1.x, pinned in package-lock.json) does, against podvisor serve.
// Run by Podvisor.Server.Tests (ClientSuiteTests) as: node controller-suite.mjs KUBECONFIG NAMESPACE
// Prints "ok <step>" per step; a failed check throws, so the exit code is non-zero with the reason on stderr.
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import * as k8s from '@kubernetes/client-node';

const [kubeconfig, ns] = process.argv.slice(2);
const kc = new k8s.KubeConfig();
kc.loadFromFile(kubeconfig);
const core = kc.makeApiClient(k8s.CoreV1Api);
const eventsV1 = kc.makeApiClient(k8s.EventsV1Api);
const deadlineMs = 60_000;

const ok = (step) => console.log(`ok ${step}`);
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for check() to be truthy, bounded by deadlineMs (an observable with a bound, not a fixed sleep). */
async function until(what, check) {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    const value = await check();
    if (value) return value;
    await delay(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function expectError(code, reason, call) {
  try {
    await call();
  } catch (e) {
    assert.equal(e.code, code, `${e.message}`);
    const body = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
    assert.equal(body.kind, 'Status');
    assert.equal(body.reason, reason, JSON.stringify(body));
    assert.equal(body.code, code);
    return body;
  }
  throw new Error(`expected ${code} ${reason}`);
}

// Typed objects without apiVersion/kind: the server defaults them from the path, as the apiserver does.
const pod = (name, labels) => ({
  metadata: { name, labels },
  spec: {
    terminationGracePeriodSeconds: 2,
    containers: [{
      name: 'app', image: 'busybox:1.36',
      command: ['sh', '-c', "trap 'exit 0' TERM; echo line-1; echo line-2; while true; do sleep 1 & wait $!; done"],
    }],
  },
});
const phase = async (name) => (await core.readNamespacedPod({ name, namespace: ns })).status?.phase;
const patch = (name, body, strategy) =>
  core.patchNamespacedPod({ name, namespace: ns, body }, k8s.setHeaderOptions('Content-Type', strategy));

await core.createNamespace({ body: { metadata: { name: ns } } });
ok('namespace created without apiVersion/kind');

await core.createNamespacedPod({ namespace: ns, body: pod('web', { app: 'a' }) });
await until('web Running', async () => (await phase('web')) === 'Running');
ok('pod created and running');

// An informer with a label selector: the pod leaves its cache when relabelled and comes back after.
const path = `/api/v1/namespaces/${ns}/pods`;
const informer = k8s.makeInformer(kc, path, () => core.listNamespacedPod({ namespace: ns, labelSelector: 'app=a' }), 'app=a');
const informerLog = [];
informer.on('add', (o) => informerLog.push(`add ${o.metadata.labels.app}`));
informer.on('delete', (o) => informerLog.push(`delete ${o.metadata.labels.app}`));
informer.on('error', (e) => informerLog.push(`error ${e}`));
await informer.start();
await until('informer lists web', () => informer.list(ns).length === 1);
await patch('web', { metadata: { labels: { app: 'b' } } }, k8s.PatchStrategy.StrategicMergePatch);
await until('web leaves the informer', () => informer.list(ns).length === 0);
await patch('web', { metadata: { labels: { app: 'a' } } }, k8s.PatchStrategy.MergePatch);
await until('web comes back', () => informer.list(ns).length === 1);
await informer.stop();
assert.deepEqual(informerLog.filter((l) => !l.startsWith('error')), ['add a', 'delete b', 'add a']);
ok('label-selector informer through relabelling');

// A raw watch from a list's resourceVersion, with bookmarks and a timeout: it ends cleanly.
const listed = await core.listNamespacedPod({ namespace: ns });
const types = [];
const ended = await new Promise((resolve) => {
  new k8s.Watch(kc).watch(path, { resourceVersion: listed.metadata.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 1 },
    (type) => types.push(type), (err) => resolve(err ?? null));
});
assert.equal(ended, null, `watch ended with ${ended}`);
assert.deepEqual(types, ['BOOKMARK']);
ok('watch from a resourceVersion ends with a BOOKMARK at its timeout, cleanly');

await patch('web', { metadata: { labels: { tier: 'front' } } }, k8s.PatchStrategy.StrategicMergePatch);
await patch('web', { metadata: { annotations: { merged: 'yes' } } }, k8s.PatchStrategy.MergePatch);
await patch('web', [{ op: 'add', path: '/metadata/labels/jsonpatch', value: 'yes' }], k8s.PatchStrategy.JsonPatch);
const meta = (await core.readNamespacedPod({ name: 'web', namespace: ns })).metadata;
assert.deepEqual(meta.labels, { app: 'a', tier: 'front', jsonpatch: 'yes' });
assert.deepEqual(meta.annotations, { merged: 'yes' });
ok('strategic, merge and JSON patches');

const stale = await core.readNamespacedPod({ name: 'web', namespace: ns });
await patch('web', { metadata: { labels: { bump: '1' } } }, k8s.PatchStrategy.MergePatch);
stale.metadata.labels.stale = 'yes';
const conflict = await expectError(409, 'Conflict', () => core.replaceNamespacedPod({ name: 'web', namespace: ns, body: stale }));
assert.match(conflict.message, /the object has been modified/);
ok('replace with a stale resourceVersion is 409 Conflict');

assert.match(await core.readNamespacedPodLog({ name: 'web', namespace: ns }), /line-1\nline-2\n/);
let followed = '';
const sink = new PassThrough();
sink.on('data', (chunk) => { followed += chunk; });
const follow = await new k8s.Log(kc).log(ns, 'web', 'app', sink, { follow: true });
await until('followed lines', () => followed.includes('line-2\n'));
follow.abort();
assert.ok(followed.startsWith('line-1\n'), followed);
ok('logs and follow');

let out = '';
const stdout = new Writable({ write(chunk, _enc, done) { out += chunk; done(); } });
const stdin = new PassThrough();
const status = await new Promise((resolve, reject) => {
  new k8s.Exec(kc).exec(ns, 'web', 'app', ['sh', '-c', 'read x; echo got-$x; exit 3'], stdout, stdout, stdin, false, resolve)
    .then(() => stdin.end('hello\n'), reject);
});
assert.match(out, /got-hello/);
assert.equal(status.status, 'Failure');
assert.equal(status.details.causes.find((c) => c.reason === 'ExitCode').message, '3');
ok('exec with stdin and exit code');

const ref = { kind: 'Pod', namespace: ns, name: 'web', apiVersion: 'v1' };
const created = await core.createNamespacedEvent({
  namespace: ns,
  body: { metadata: { generateName: 'web.' }, involvedObject: ref, reason: 'Testing', message: 'from js', type: 'Normal', count: 1, source: { component: 'js-controller' } },
});
const evName = created.metadata.name;
await core.patchNamespacedEvent({ name: evName, namespace: ns, body: { count: 2 } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
const asV1 = await eventsV1.readNamespacedEvent({ name: evName, namespace: ns });
assert.equal(asV1.note, 'from js');
assert.equal(asV1.deprecatedCount, 2);
await core.deleteNamespacedEvent({ name: evName, namespace: ns });
await expectError(404, 'NotFound', () => core.readNamespacedEvent({ name: evName, namespace: ns }));
await eventsV1.createNamespacedEvent({
  namespace: ns,
  body: { metadata: { name: 'web.v1' }, eventTime: new Date(), reportingController: 'example.com/js', reportingInstance: 'js-1', action: 'Test', reason: 'Testing', note: 'v1 note', regarding: ref, type: 'Normal' },
});
assert.equal((await core.readNamespacedEvent({ name: 'web.v1', namespace: ns })).message, 'v1 note');
await core.deleteCollectionNamespacedEvent({ namespace: ns });
assert.deepEqual((await core.listNamespacedEvent({ namespace: ns, fieldSelector: 'reason=Testing' })).items, []);
ok('events: create, patch, read as events.k8s.io/v1, delete, deletecollection');

await core.createNamespacedPod({ namespace: ns, body: pod('web-2', { app: 'c' }) });
const page = await core.listNamespacedPod({ namespace: ns, limit: 1 });
assert.equal(page.items.length, 1);
assert.ok(page.metadata._continue, 'a continue token');
const rest = await core.listNamespacedPod({ namespace: ns, limit: 1, _continue: page.metadata._continue });
assert.deepEqual([...page.items, ...rest.items].map((p) => p.metadata.name), ['web', 'web-2']);
ok('limit/continue paging');

await patch('web', { metadata: { finalizers: ['example.com/hold'] } }, k8s.PatchStrategy.MergePatch);
await core.deleteNamespacedPod({ name: 'web', namespace: ns, gracePeriodSeconds: 1 });
assert.ok((await core.readNamespacedPod({ name: 'web', namespace: ns })).metadata.deletionTimestamp);
// The termination ends (the kubelet's final delete sets deletionGracePeriodSeconds 0); the finalizer keeps the pod.
await until("web's termination to end", async () => (await core.readNamespacedPod({ name: 'web', namespace: ns })).metadata.deletionGracePeriodSeconds === 0);
const final = await core.readNamespacedPod({ name: 'web', namespace: ns });
assert.deepEqual(final.metadata.finalizers, ['example.com/hold']);
assert.ok(['Succeeded', 'Failed'].includes(final.status.phase), final.status.phase);
await patch('web', [{ op: 'remove', path: '/metadata/finalizers' }], k8s.PatchStrategy.JsonPatch);
await expectError(404, 'NotFound', () => core.readNamespacedPod({ name: 'web', namespace: ns }));
ok('delete with a grace period and a finalizer');

await expectError(404, 'NotFound', () => core.readNamespacedPod({ name: 'missing', namespace: ns }));
await expectError(409, 'AlreadyExists', () => core.createNamespacedPod({ namespace: ns, body: pod('web-2', { app: 'c' }) }));
const invalid = await expectError(422, 'Invalid', () => core.createNamespacedPod({ namespace: ns, body: pod('Bad_Name', { app: 'c' }) }));
assert.ok(invalid.details.causes.some((c) => c.field === 'metadata.name'), JSON.stringify(invalid));
ok('404, 409 and 422 Status bodies with causes');

await core.deleteNamespace({ name: ns });
await until('namespace gone', async () => !(await core.listNamespace()).items.some((n) => n.metadata.name === ns));
ok('namespace deletion');
console.log('PASS');
