"""What a controller built on the official Python client (Debian python3-kubernetes) does, against podvisor serve.

Run by Podvisor.Server.Tests (ClientSuiteTests) as: /usr/bin/python3 controller_suite.py KUBECONFIG NAMESPACE
Prints "ok <step>" per step; any failed check raises, so the exit code is non-zero with the reason on stderr.
"""
import datetime
import json
import sys
import time

from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException
from kubernetes.stream import stream

KUBECONFIG, NS = sys.argv[1], sys.argv[2]
config.load_kube_config(config_file=KUBECONFIG)
core = client.CoreV1Api()
events_v1 = client.EventsV1Api()
DEADLINE_S = 60


def ok(step):
    print("ok " + step, flush=True)


def until(what, check):
    """Waits for check() to be truthy, at most DEADLINE_S seconds (an observable with a bound, not a fixed sleep)."""
    end = time.monotonic() + DEADLINE_S
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out waiting for " + what)


def expect_error(code, reason, call):
    try:
        call()
    except ApiException as e:
        assert e.status == code, (e.status, e.body)
        body = json.loads(e.body)
        assert body["kind"] == "Status" and body["reason"] == reason and body["code"] == code, body
        return body
    raise AssertionError("expected %d %s" % (code, reason))


def pod(name, labels, finalizers=None):
    # Typed models leave apiVersion/kind unset: the server defaults them from the path, as the apiserver does.
    return client.V1Pod(
        metadata=client.V1ObjectMeta(name=name, labels=labels, finalizers=finalizers),
        spec=client.V1PodSpec(
            termination_grace_period_seconds=2,
            containers=[client.V1Container(
                name="app", image="busybox:1.36",
                command=["sh", "-c", "trap 'exit 0' TERM; echo line-1; echo line-2; while true; do sleep 1 & wait $!; done"])]))


def phase(name):
    return core.read_namespaced_pod(name, NS).status.phase


core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=NS)))
ok("namespace created without apiVersion/kind")

core.create_namespaced_pod(NS, pod("web", {"app": "a"}))
until("web Running", lambda: phase("web") == "Running")
ok("pod created and running")

# list, then watch from the list's resourceVersion with a label selector through relabelling (watch=True).
listed = core.list_namespaced_pod(NS, label_selector="app=a")
assert [p.metadata.name for p in listed.items] == ["web"], listed.items
rv = listed.metadata.resource_version
core.patch_namespaced_pod("web", NS, {"metadata": {"labels": {"app": "b"}}})
core.patch_namespaced_pod("web", NS, {"metadata": {"labels": {"app": "a"}}})
seen = []
w = watch.Watch()
for event in w.stream(core.list_namespaced_pod, NS, label_selector="app=a", resource_version=rv, timeout_seconds=10):
    seen.append((event["type"], event["object"].metadata.labels.get("app")))
    if event["type"] == "ADDED":
        w.stop()
# Status writes may come as MODIFIED while the pod matches; never while it does not.
assert [e for e in seen if e[0] != "MODIFIED"] == [("DELETED", "b"), ("ADDED", "a")], seen
assert all(app == "a" for kind, app in seen if kind == "MODIFIED"), seen
ok("label-selector watch from a list's resourceVersion: DELETED on leaving, ADDED on entering")

# patches: strategic merge (the client's default for dicts), JSON merge, JSON patch.
core.patch_namespaced_pod("web", NS, {"metadata": {"labels": {"tier": "front"}}})
api = core.api_client
api.call_api("/api/v1/namespaces/{ns}/pods/{name}", "PATCH", {"ns": NS, "name": "web"},
             header_params={"Content-Type": "application/merge-patch+json", "Accept": "application/json"},
             body={"metadata": {"annotations": {"merged": "yes"}}}, auth_settings=["BearerToken"], _preload_content=False)
core.patch_namespaced_pod("web", NS, [{"op": "add", "path": "/metadata/labels/jsonpatch", "value": "yes"}])
meta = core.read_namespaced_pod("web", NS).metadata
assert meta.labels == {"app": "a", "tier": "front", "jsonpatch": "yes"}, meta.labels
assert meta.annotations == {"merged": "yes"}, meta.annotations
ok("strategic, merge and JSON patches")

stale = core.read_namespaced_pod("web", NS)
core.patch_namespaced_pod("web", NS, {"metadata": {"labels": {"bump": "1"}}})
stale.metadata.labels["stale"] = "yes"
body = expect_error(409, "Conflict", lambda: core.replace_namespaced_pod("web", NS, stale))
assert "the object has been modified" in body["message"], body
ok("replace with a stale resourceVersion is 409 Conflict")

assert "line-1\nline-2\n" in core.read_namespaced_pod_log("web", NS)
followed = core.read_namespaced_pod_log("web", NS, follow=True, _preload_content=False)
first = b""
for chunk in followed.stream(16):
    first += chunk
    if b"line-2\n" in first:
        break
followed.release_conn()
assert first.startswith(b"line-1\n"), first
ok("logs and follow")

ex = stream(core.connect_get_namespaced_pod_exec, "web", NS, command=["sh", "-c", "read x; echo got-$x; exit 3"],
            stdin=True, stdout=True, stderr=True, tty=False, _preload_content=False)
ex.write_stdin("hello\n")
out = ""
while ex.is_open():
    ex.update(timeout=1)
    out += ex.read_stdout()
ex.close()
assert "got-hello" in out, out
assert ex.returncode == 3, ex.returncode
ok("exec with stdin and exit code")

# events: what an event recorder posts (core v1), then patches and deletes; events.k8s.io/v1 too.
ref = client.V1ObjectReference(kind="Pod", namespace=NS, name="web", api_version="v1")
created = core.create_namespaced_event(NS, client.CoreV1Event(
    # eventTime set: python3-kubernetes cannot read an events.k8s.io/v1 Event without one (a cluster sends null too).
    metadata=client.V1ObjectMeta(generate_name="web."), involved_object=ref, reason="Testing", message="from python",
    event_time=datetime.datetime.now(datetime.timezone.utc), reporting_component="py-controller", reporting_instance="py-1", action="Test",
    type="Normal", count=1, source=client.V1EventSource(component="py-controller")))
name = created.metadata.name
core.patch_namespaced_event(name, NS, {"count": 2})
assert core.read_namespaced_event(name, NS).count == 2
v1 = events_v1.read_namespaced_event(name, NS)
assert v1.note == "from python" and v1.regarding.name == "web" and v1.deprecated_count == 2, v1
core.delete_namespaced_event(name, NS)
expect_error(404, "NotFound", lambda: core.read_namespaced_event(name, NS))
events_v1.create_namespaced_event(NS, client.EventsV1Event(
    metadata=client.V1ObjectMeta(name="web.v1"), event_time=datetime.datetime.now(datetime.timezone.utc),
    reporting_controller="example.com/py", reporting_instance="py-1", action="Test", reason="Testing", note="v1 note",
    regarding=ref, type="Normal"))
assert core.read_namespaced_event("web.v1", NS).message == "v1 note"
core.delete_collection_namespaced_event(NS)
assert core.list_namespaced_event(NS, field_selector="reason=Testing").items == []
ok("events: create, patch, read as events.k8s.io/v1, delete, deletecollection")

# paging with limit/continue.
core.create_namespaced_pod(NS, pod("web-2", {"app": "c"}))
page = core.list_namespaced_pod(NS, limit=1)
assert len(page.items) == 1 and page.metadata._continue, page.metadata
rest = core.list_namespaced_pod(NS, limit=1, _continue=page.metadata._continue)
assert [p.metadata.name for p in page.items + rest.items] == ["web", "web-2"]
assert rest.metadata._continue is None
ok("limit/continue paging")

# delete with a grace period and a finalizer: the pod stops but stays until the finalizer is removed.
core.patch_namespaced_pod("web", NS, {"metadata": {"finalizers": ["example.com/hold"]}})
core.delete_namespaced_pod("web", NS, grace_period_seconds=1)
held = core.read_namespaced_pod("web", NS)
assert held.metadata.deletion_timestamp is not None, held.metadata
# The termination ends (the kubelet's final delete sets deletionGracePeriodSeconds 0); the finalizer keeps the pod.
until("web's termination to end", lambda: core.read_namespaced_pod("web", NS).metadata.deletion_grace_period_seconds == 0)
final = core.read_namespaced_pod("web", NS)
assert final.metadata.finalizers == ["example.com/hold"] and final.status.phase in ("Succeeded", "Failed"), final
core.patch_namespaced_pod("web", NS, [{"op": "remove", "path": "/metadata/finalizers"}])
expect_error(404, "NotFound", lambda: core.read_namespaced_pod("web", NS))
ok("delete with a grace period and a finalizer")

# error Status bodies.
expect_error(404, "NotFound", lambda: core.read_namespaced_pod("missing", NS))
expect_error(409, "AlreadyExists", lambda: core.create_namespaced_pod(NS, pod("web-2", {"app": "c"})))
bad = pod("Bad_Name", {"app": "c"})
invalid = expect_error(422, "Invalid", lambda: core.create_namespaced_pod(NS, bad))
assert any(c["field"] == "metadata.name" for c in invalid["details"]["causes"]), invalid
ok("404, 409 and 422 Status bodies with causes")

core.delete_namespace(NS)
until("namespace gone", lambda: NS not in [n.metadata.name for n in core.list_namespace().items])
ok("namespace deletion")
print("PASS")
