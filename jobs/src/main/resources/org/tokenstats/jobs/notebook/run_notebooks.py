"""Runs notebooks headless in ONE tokenstats kernel: `bin/tokenstats notebook --execute`.

Jupyter's `nbconvert --execute` starts a kernel per notebook, and a tokenstats kernel is a JVM
with a Spark session whose first Delta query costs 15-20 s. Here one kernel serves every
notebook in turn (restarted only if one kills it). Each executed copy is written to the output
folder with every output, errors included (allow_errors): NotebookCommand decides failure from
the copies. One line per notebook on standard output:
    <ok | error: reason> TAB <seconds> TAB <notebook> TAB <executed copy>
Uses Debian's python3-nbclient and python3-jupyter-client (bin/setup).
"""

import argparse
import os
import sys
import time

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kernel", required=True)
    parser.add_argument("--timeout", type=int, required=True)
    parser.add_argument("--startup-timeout", type=int, default=300)
    parser.add_argument("--output-dir", required=True)
    parser.add_argument("notebooks", nargs="+")
    args = parser.parse_args()

    manager = KernelManager(kernel_name=args.kernel)
    manager.start_kernel()
    # One client too: a second client's wait_for_ready waits for an IOPub message that this
    # kernel sends only once, at start-up, so it would never be ready.
    kernel_client = None
    try:
        for path in args.notebooks:
            started = time.monotonic()
            if not manager.is_alive():
                manager.restart_kernel(now=True)  # same ports: the client reconnects
            notebook = nbformat.read(path, as_version=4)
            client = NotebookClient(
                notebook,
                km=manager,
                kernel_name=args.kernel,
                timeout=args.timeout,
                startup_timeout=args.startup_timeout,
                allow_errors=True,
                resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
            )
            client.kc = kernel_client
            status = "ok"
            try:
                client.execute()
            except Exception as e:  # a timeout, a kernel that died
                status = "error: " + (str(e).strip().splitlines() or [type(e).__name__])[0]
            kernel_client = client.kc
            executed = os.path.join(args.output_dir, os.path.basename(path))
            nbformat.write(notebook, executed)
            seconds = time.monotonic() - started
            print(f"{status}\t{seconds:.1f}\t{path}\t{executed}", flush=True)
    finally:
        if kernel_client is not None:
            kernel_client.stop_channels()
        manager.shutdown_kernel(now=False)


if __name__ == "__main__":
    sys.exit(main())
