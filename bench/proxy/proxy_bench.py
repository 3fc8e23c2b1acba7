"""Times connections through a Service's node port against the same backend directly (both on loopback).

Usage: proxy_bench.py DIRECT_PORT PROXY_PORT [REQUESTS] [MEGABYTES] [SOCAT_PORT]
Per request: connect, send a line, read the 1-byte-per-line echo back, close (a new connection each time, as the
proxy balances connections). Throughput: one connection streaming MEGABYTES each way. Prints p50/p99 and ratios."""
import socket, statistics, sys, time

def one_request(port):
    start = time.perf_counter_ns()
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(b"ping\n")
        s.shutdown(socket.SHUT_WR)
        while s.recv(4096):
            pass
    return (time.perf_counter_ns() - start) / 1000.0

def latencies(port, n):
    for _ in range(50):
        one_request(port)
    return sorted(one_request(port) for _ in range(n))

def throughput(port, megabytes):
    chunk = b"x" * (1 << 16)
    total = megabytes << 20
    with socket.create_connection(("127.0.0.1", port)) as s:
        start = time.perf_counter()
        sent = received = 0
        s.setblocking(True)
        while sent < total:
            s.sendall(chunk)
            sent += len(chunk)
            while received < sent - (4 << 20):
                received += len(s.recv(1 << 20))
        s.shutdown(socket.SHUT_WR)
        while True:
            data = s.recv(1 << 20)
            if not data:
                break
            received += len(data)
        return received / (1 << 20) / (time.perf_counter() - start)

def pct(values, p):
    return values[min(len(values) - 1, int(len(values) * p))]

direct, proxy = int(sys.argv[1]), int(sys.argv[2])
n = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
mb = int(sys.argv[4]) if len(sys.argv) > 4 else 256
paths = [("direct", direct), ("podvisor proxy", proxy)] + ([("socat", int(sys.argv[5]))] if len(sys.argv) > 5 else [])
lat = {name: latencies(port, n) for name, port in paths}
base = lat["direct"]
print(f"connection+request+close, n={n} (new connection each)")
for name, values in lat.items():
    print(f"  {name:15} p50 {pct(values, .5):6.0f} us  p99 {pct(values, .99):6.0f} us  ratio to direct p50 {pct(values, .5) / pct(base, .5):.2f} p99 {pct(values, .99) / pct(base, .99):.2f}")
rates = {name: throughput(port, mb) for name, port in paths}
print(f"echo stream, {mb} MB each way on one connection")
for name, rate in rates.items():
    print(f"  {name:15} {rate:6.0f} MB/s  ratio to direct {rate / rates['direct']:.2f}")
