# SPDX-License-Identifier: BSD-2-Clause
"""Reading a QEMU console, shared by the suites under tests/ (pytest puts
this directory on sys.path through tests/conftest.py)."""
import os
import selectors
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def read_until(argv, log_path, stop, timeout):
    """Run QEMU, return (lines, ended): every console line (\\r stripped)
    until QEMU exits, stop(line) is true (QEMU is then killed) or timeout."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    lines, buf, ended = [], b"", "timeout"
    with open(log_path, "w", encoding="utf-8") as log:
        log.write("$ " + " ".join(argv) + "\n")
        log.flush()
        proc = subprocess.Popen(argv, cwd=REPO, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + timeout
        try:
            while ended == "timeout":
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                if not sel.select(timeout=min(left, 1.0)):
                    continue
                chunk = os.read(proc.stdout.fileno(), 65536)
                if not chunk:
                    ended = "exit"
                    break
                log.write(chunk.decode("utf-8", "replace"))
                log.flush()
                buf += chunk
                while b"\n" in buf:
                    ln, buf = buf.split(b"\n", 1)
                    text = ln.decode("utf-8", "replace").replace("\r", "")
                    lines.append(text)
                    if stop(text):
                        ended = "exit"
                        break
        finally:
            sel.close()
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            proc.stdout.close()
            log.write(f"\n# ended: {ended}, qemu rc {proc.returncode}\n")
    if buf:
        lines.append(buf.decode("utf-8", "replace").replace("\r", ""))
    return lines, ended
