#!/usr/bin/env python3
"""Measures podvisor serve through its API (stdlib only). Usage: serve_bench.py DATA_DIR [PODS_KUBECTL] [PODS_API] [WATCHERS]

1. kubectl create -> Running seen on a watch, one pod at a time (PODS_KUBECTL, default 100).
2. PODS_API pods (default 1000) created through the API by 8 client threads; then deleted (grace 0).
3. WATCHERS (default 50) concurrent watches while 20 pods are created and deleted: all must see every event.
"""
import base64, http.client, json, os, re, ssl, statistics, subprocess, sys, threading, time

data_dir = sys.argv[1]
pods_kubectl = int(sys.argv[2]) if len(sys.argv) > 2 else 100
pods_api = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
watchers = int(sys.argv[4]) if len(sys.argv) > 4 else 50

kubeconfig = open(os.path.join(data_dir, "kubeconfig")).read()
server = re.search(r"server: https://([^:]+):(\d+)", kubeconfig)
host, port = server.group(1), int(server.group(2))
token = re.search(r"token: (\S+)", kubeconfig).group(1)
ca = base64.b64decode(re.search(r"certificate-authority-data: (\S+)", kubeconfig).group(1)).decode()
tls = ssl.create_default_context(cadata=ca)
headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}


def connect():
    return http.client.HTTPSConnection(host, port, context=tls, timeout=120)


def request(conn, method, path, body=None):
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = conn.getresponse()
    payload = response.read()
    if response.status >= 300:
        raise RuntimeError(f"{method} {path}: {response.status} {payload[:300]!r}")
    return json.loads(payload)


def pod(name, command):
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "labels": {"bench": "1"}},
            "spec": {"terminationGracePeriodSeconds": 1, "containers": [{"name": "app", "image": "busybox", "command": command}]}}


def summarize(name, samples, unit="ms"):
    samples = sorted(samples)
    pick = lambda q: samples[min(len(samples) - 1, int(len(samples) * q))]
    print(f"{name:44s} n={len(samples)}  min {samples[0]:.0f} {unit}  p50 {statistics.median(samples):.0f} {unit}  "
          f"p90 {pick(0.90):.0f} {unit}  p99 {pick(0.99):.0f} {unit}  max {samples[-1]:.0f} {unit}")


def watch(path, on_event, stop):
    conn = connect()
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    while not stop.is_set():
        line = response.readline()
        if not line:
            break
        on_event(json.loads(line))
    conn.close()


def delete_all_and_wait():
    conn = connect()
    for item in request(conn, "GET", "/api/v1/namespaces/default/pods?labelSelector=bench%3D1")["items"]:
        request(conn, "DELETE", f"/api/v1/namespaces/default/pods/{item['metadata']['name']}", {"gracePeriodSeconds": 0})
    while request(conn, "GET", "/api/v1/namespaces/default/pods?labelSelector=bench%3D1")["items"]:
        time.sleep(0.2)


# 1. kubectl create -> Running on a watch
running_at, lock, stop = {}, threading.Lock(), threading.Event()
rv = request(connect(), "GET", "/api/v1/namespaces/default/pods")["metadata"]["resourceVersion"]


def on_pod(event):
    obj = event["object"]
    if obj.get("status", {}).get("phase") == "Running":
        with lock:
            running_at.setdefault(obj["metadata"]["name"], time.monotonic())


threading.Thread(target=watch, args=(f"/api/v1/namespaces/default/pods?watch=true&resourceVersion={rv}", on_pod, stop), daemon=True).start()
env = dict(os.environ, KUBECONFIG=os.path.join(data_dir, "kubeconfig"))
latencies = []
for i in range(pods_kubectl):
    name = f"kc-{i}"
    manifest = json.dumps(pod(name, ["sleep", "3600"]))
    start = time.monotonic()
    subprocess.run(["kubectl", "create", "-f", "-"], input=manifest.encode(), env=env, check=True, stdout=subprocess.DEVNULL)
    while True:
        with lock:
            if name in running_at:
                latencies.append((running_at[name] - start) * 1000)
                break
        time.sleep(0.001)
stop.set()
summarize("kubectl create -> Running seen on a watch", latencies)
delete_all_and_wait()

# 2. PODS_API creates through the API
created, create_latency = [], []


def creator(indices):
    conn = connect()
    for i in indices:
        start = time.monotonic()
        request(conn, "POST", "/api/v1/namespaces/default/pods", pod(f"api-{i}", ["sleep", "3600"]))
        create_latency.append((time.monotonic() - start) * 1000)


threads = [threading.Thread(target=creator, args=(range(t, pods_api, 8),)) for t in range(8)]
begin = time.monotonic()
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.monotonic() - begin
print(f"{pods_api} pods created through the API (8 clients)   {elapsed:.1f} s  = {pods_api / elapsed:.0f} creates/s")
summarize("  POST latency", create_latency)
conn = connect()
deadline = time.monotonic() + 600
while time.monotonic() < deadline:
    items = request(conn, "GET", "/api/v1/namespaces/default/pods?labelSelector=bench%3D1")["items"]
    running = sum(1 for p in items if p.get("status", {}).get("phase") == "Running")
    if running == pods_api:
        break
    time.sleep(0.5)
print(f"  all {running} Running after {time.monotonic() - begin:.1f} s")
begin = time.monotonic()
delete_all_and_wait()
print(f"  deleted (grace 0) and gone after {time.monotonic() - begin:.1f} s")

# 3. WATCHERS concurrent watches see every event
rv = request(connect(), "GET", "/api/v1/namespaces/default/pods")["metadata"]["resourceVersion"]
seen = [[] for _ in range(watchers)]
stop = threading.Event()
for w in range(watchers):
    threading.Thread(target=watch, args=(f"/api/v1/namespaces/default/pods?watch=true&resourceVersion={rv}",
                                          lambda e, w=w: seen[w].append((e["type"], e["object"]["metadata"]["name"], int(e["object"]["metadata"]["resourceVersion"]))), stop), daemon=True).start()
conn = connect()
for i in range(20):
    request(conn, "POST", "/api/v1/namespaces/default/pods", pod(f"w-{i}", ["sleep", "3600"]))
time.sleep(2)
for i in range(20):
    request(conn, "DELETE", f"/api/v1/namespaces/default/pods/w-{i}", {"gracePeriodSeconds": 1})
deadline = time.monotonic() + 120
while time.monotonic() < deadline and not all(sum(1 for e in s if e[0] == "DELETED") == 20 for s in seen):
    time.sleep(0.2)
time.sleep(1)
stop.set()
reference = seen[0]
identical = all(s == reference for s in seen)
ordered = all(a[2] < b[2] for a, b in zip(reference, reference[1:]))
print(f"{watchers} concurrent watchers: {len(reference)} events each, identical={identical}, rv strictly increasing={ordered}, "
      f"DELETED seen by all={all(sum(1 for e in s if e[0] == 'DELETED') == 20 for s in seen)}")
