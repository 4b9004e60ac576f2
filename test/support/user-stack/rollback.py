#!/usr/bin/env python3
"""A team's own rollback script, as deployment managers run next to HAProxy (not greenlight's).

Every --interval seconds it reads green's request counters from its /metrics (Prometheus text
format), and when green's error rate over the last --window seconds has stayed above
--threshold for --hold seconds (with at least --min-requests requests in the window), it moves
all traffic to blue through HAProxy's runtime API: `set weight <backend>/<blue server> 100`, then
`set weight <backend>/<green server> 0`. It fires once, then keeps running (idle) until stopped.
Standard library only.
"""
import argparse
import collections
import re
import socket
import sys
import time
import urllib.request

SAMPLE = re.compile(r'^greenlight_reference_requests_total\{([^}]*)\} (\S+)$')
LABEL = re.compile(r'(\w+)="([^"]*)"')


def log(message):
    print(f'{time.time():.3f} {message}', flush=True)


def counters(metrics_url):
    """(requests, errors) served on the model endpoints, from the service's cumulative counters."""
    with urllib.request.urlopen(metrics_url, timeout=2) as response:
        text = response.read().decode('utf-8')
    requests = errors = 0.0
    for line in text.splitlines():
        match = SAMPLE.match(line)
        if not match:
            continue
        labels = dict(LABEL.findall(match.group(1)))
        if not labels.get('endpoint', '').startswith(('/v1/', '/api/')):
            continue
        value = float(match.group(2))
        requests += value
        if labels.get('status', '').startswith('5'):
            errors += value
    return requests, errors


def runtime_api(address, command):
    """One command on HAProxy's runtime API (host:port or a unix socket path); the answer."""
    if address.startswith('/'):
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.connect(address)
    else:
        host, port = address.rsplit(':', 1)
        connection = socket.create_connection((host, int(port)), timeout=2)
    with connection:
        connection.sendall(f'{command}\n'.encode())
        chunks = []
        while True:
            chunk = connection.recv(4096)
            if not chunk:
                break
            chunks.append(chunk)
    return b''.join(chunks).decode('utf-8').strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--metrics', required=True, help="green's /metrics URL")
    parser.add_argument('--haproxy', required=True, help='runtime API: host:port or unix socket path')
    parser.add_argument('--backend', required=True)
    parser.add_argument('--blue-server', required=True)
    parser.add_argument('--green-server', required=True)
    parser.add_argument('--threshold', type=float, default=0.2)
    parser.add_argument('--window', type=float, default=5.0)
    parser.add_argument('--hold', type=float, default=0.0)
    parser.add_argument('--min-requests', type=int, default=10)
    parser.add_argument('--interval', type=float, default=0.5)
    args = parser.parse_args()

    history = collections.deque()
    breaching_since = None
    fired = False
    log(f'watching {args.metrics}: roll back when the error rate > {args.threshold} over {args.window}s')
    while True:
        now = time.monotonic()
        try:
            history.append((now, *counters(args.metrics)))
        except OSError as error:
            log(f'cannot read {args.metrics}: {error}')
        while len(history) > 1 and history[1][0] <= now - args.window:
            history.popleft()
        if not fired and len(history) > 1:
            _, first_requests, first_errors = history[0]
            _, last_requests, last_errors = history[-1]
            requests = last_requests - first_requests
            rate = (last_errors - first_errors) / requests if requests > 0 else 0.0
            if requests >= args.min_requests and rate > args.threshold:
                breaching_since = breaching_since if breaching_since is not None else now
                if now - breaching_since >= args.hold:
                    runtime_api(args.haproxy, f'set weight {args.backend}/{args.blue_server} 100')
                    answer = runtime_api(args.haproxy, f'set weight {args.backend}/{args.green_server} 0')
                    fired = True
                    log(f'rolled back to blue: green error rate {rate:.3f} over {requests:.0f} requests {answer}'.strip())
            else:
                breaching_since = None
        time.sleep(args.interval)


if __name__ == '__main__':
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
