"""Run a command on a pseudo-terminal of its own, wait until it prints WAIT_FOR, then hang up the
terminal as a dropped SSH link does (close the master side: the kernel sends SIGHUP to the
session), and report how the command ended, as one JSON line on stdout.

usage: pty-hangup.py WAIT_FOR SECONDS COMMAND [ARG ...]
Node has no pseudo-terminal of its own, so the tests use Python's standard pty module."""
import json, os, pty, select, sys, time

wait_for, seconds, argv = sys.argv[1].encode(), float(sys.argv[2]), sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
seen, deadline = b'', time.time() + seconds
while wait_for not in seen and time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.2)
    if ready:
        try:
            seen += os.read(fd, 65536)
        except OSError:
            break
found = wait_for in seen
os.close(fd)
ended = time.time()
_, status = os.waitpid(pid, 0)
print(json.dumps({
    'seen': found,
    'exitCode': os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
    'signal': os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
    'secondsToEnd': round(time.time() - ended, 2),
}))
