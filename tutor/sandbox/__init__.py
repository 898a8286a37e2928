"""The NumPy sandbox: a kernel wall around forked children of a warm fork server.

Modules: `seccomp` (the allow-list filter), `landlock` (no filesystem), `wall` (every
kernel layer applied in a child, and which are active here), `frame` (length-prefixed
frames read against a deadline and a byte cap), `server` (the fork server, run as its
own process), `policy` (the AST check), `result` (the validated result), `client`
(starts the server and talks to it), `seatbelt` (the macOS profile).

This package's `__init__` imports nothing: the fork server imports its modules by name.
"""
