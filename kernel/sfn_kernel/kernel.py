"""The sfn kernel: each notebook's kernel runs one `sfn --machine` process and translates
Jupyter's requests into its JSON lines (docs/kernel.md). The language lives in the sfn binary;
this file only forwards."""
import base64
import json
import os
import queue
import signal
import subprocess
import threading

from ipykernel.kernelbase import Kernel

from . import __version__


def sfn_binary():
    """The sfn executable: $SFN_BIN (set by the kernelspec), else `sfn` on the PATH."""
    return os.environ.get("SFN_BIN") or "sfn"


def figure_bundle(mime, data):
    """A figure's output bundle. Besides the SVG, an HTML rendition that shows the same SVG as an
    image: nbconvert before 7.2.2 (Debian 12 ships 6.5) strips every element inside an inline
    SVG when it renders HTML (jupyter/nbconvert#1849), so a report of the notebook would show
    empty frames; it prefers text/html, which it leaves alone."""
    bundle = {mime: data, "text/plain": "<sfn figure>"}
    if mime == "image/svg+xml":
        uri = "data:image/svg+xml;base64," + base64.b64encode(data.encode("utf-8")).decode("ascii")
        bundle["text/html"] = '<img src="%s" alt="sfn figure">' % uri
    return bundle


class SFNProcess:
    """One `sfn --machine` child: requests in on its stdin, replies collected by a reader thread."""

    def __init__(self, binary, log):
        self.proc = subprocess.Popen([binary, "--machine"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     # Its own session: an interrupt reaches it once, from us.
                                     # (It leaves by itself when this process dies.)
                                     start_new_session=True)
        self.replies = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        # Crash messages only: sfn's own stderr goes into replies while it is alive.
        threading.Thread(target=self._log_stderr, args=(log,), daemon=True).start()
        ready = self.replies.get(timeout=60)
        if ready is None or ready.get("type") != "ready":
            raise RuntimeError("sfn --machine did not start: %r" % (ready,))
        self.version = ready.get("version", "")

    def _read(self):
        for line in self.proc.stdout:
            try:
                self.replies.put(json.loads(line))
            except ValueError:
                self.replies.put({"type": "stream", "name": "stderr", "text": line.decode("utf-8", "replace")})
        self.replies.put(None)  # the process has ended

    def _log_stderr(self, log):
        for line in self.proc.stderr:
            log.warning("sfn: %s", line.decode("utf-8", "replace").rstrip())

    def alive(self):
        return self.proc.poll() is None

    def request(self, kind, on_reply, **fields):
        """Sends a request and calls on_reply with each of its replies up to (not including)
        `done`, or with None if the process dies. A KeyboardInterrupt meanwhile (ipykernel raises
        it when Jupyter interrupts the kernel) is passed on to sfn as SIGINT, and the replies
        continue: sfn ends the request itself, as Ctrl-C at its prompt."""
        self.next_id += 1
        rid = self.next_id
        fields.update(type=kind, id=rid)
        try:
            self.proc.stdin.write((json.dumps(fields) + "\n").encode("utf-8"))
            self.proc.stdin.flush()
        except OSError:
            on_reply(None)
            return
        while True:
            try:
                try:
                    reply = self.replies.get(timeout=0.1)
                except queue.Empty:
                    continue
                if reply is None:
                    on_reply(None)
                    return
                if reply.get("id") != rid:
                    continue  # left over from an earlier request
                if reply.get("type") == "done":
                    return
                on_reply(reply)
            except KeyboardInterrupt:
                self.interrupt()

    def interrupt(self):
        if self.alive():
            self.proc.send_signal(signal.SIGINT)

    def stop(self):
        if self.alive():
            try:
                self.proc.stdin.close()  # end of input: sfn leaves after its current request
                self.proc.wait(timeout=1)
            except Exception:
                pass
        if self.alive():
            self.proc.kill()
            self.proc.wait()


class SFNKernel(Kernel):
    implementation = "sfn_kernel"
    implementation_version = __version__
    language = "sfn"
    language_version = __version__
    language_info = {
        "name": "sfn",
        "mimetype": "text/x-sfn",
        "file_extension": ".sfn",
        # Close enough for highlighting: f(x) = ..., # comments, [1, 2] vectors.
        "codemirror_mode": "julia",
        "pygments_lexer": "julia",
    }
    banner = "sfn: saddle-free Newton in a notebook (?name or :help for help)"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.sfn = None
        self._start()

    def _start(self):
        self.sfn = SFNProcess(sfn_binary(), self.log)
        self.language_version = self.sfn.version
        self.language_info = dict(SFNKernel.language_info, version=self.sfn.version)

    def _ask(self, kind, on_reply, **fields):
        """Sends a request to sfn, starting a fresh one first if it has died (a cell is told)."""
        if self.sfn is None or not self.sfn.alive():
            status = self.sfn and self.sfn.proc.poll()
            self._start()
            if status is not None and kind == "execute":
                self.send_response(self.iopub_socket, "stream", {"name": "stderr", "text":
                                   "(sfn had exited, status %s; this is a fresh sfn: earlier variables are gone)\n" % status})
        self.sfn.request(kind, on_reply, **fields)

    def _answer(self, kind, reply_kind, **fields):
        """The reply of type `reply_kind` to a request (None if sfn died)."""
        answers = []
        self._ask(kind, lambda r: r and r["type"] == reply_kind and answers.append(r), **fields)
        return answers[0] if answers else None

    def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False):
        errors = []

        def on_reply(reply):
            if reply is None:
                try:
                    status = self.sfn.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    status = None
                text = "sfn exited (status %s): its variables are lost; the next cell starts a fresh sfn" % status
                errors.append({"message": text, "text": text})
                return
            kind = reply["type"]
            if kind == "error":
                errors.append(reply)
            elif silent:
                pass
            elif kind == "stream":
                self.send_response(self.iopub_socket, "stream", {"name": reply["name"], "text": reply["text"]})
            elif kind == "display":
                self.send_response(self.iopub_socket, "display_data",
                                   {"data": figure_bundle(reply["mime"], reply["data"]), "metadata": {}})
            elif kind == "result":
                self.send_response(self.iopub_socket, "execute_result",
                                   {"execution_count": self.execution_count,
                                    "data": {"text/plain": reply["text"]}, "metadata": {}})

        self._ask("execute", on_reply, code=code, name="<cell %d>" % self.execution_count)
        if not errors:
            return {"status": "ok", "execution_count": self.execution_count, "payload": [], "user_expressions": {}}
        content = {"ename": "SFNError", "evalue": errors[0]["message"], "traceback": [errors[0]["text"]]}
        if not silent:
            self.send_response(self.iopub_socket, "error", content)
        return dict(content, status="error", execution_count=self.execution_count)

    def do_complete(self, code, cursor_pos):
        r = self._answer("complete", "completions", code=code, cursor=cursor_pos) or {}
        return {"status": "ok", "matches": r.get("matches", []), "cursor_start": r.get("start", cursor_pos),
                "cursor_end": r.get("end", cursor_pos), "metadata": {}}

    def do_inspect(self, code, cursor_pos, detail_level=0, omit_sections=()):
        r = self._answer("inspect", "inspect", code=code, cursor=cursor_pos) or {}
        found = r.get("found", False)
        return {"status": "ok", "found": found, "data": {"text/plain": r["text"]} if found else {}, "metadata": {}}

    def do_is_complete(self, code):
        status = (self._answer("is_complete", "is_complete", code=code) or {}).get("status", "unknown")
        return {"status": status, "indent": ""} if status == "incomplete" else {"status": status}

    def do_shutdown(self, restart):
        if self.sfn is not None:
            self.sfn.stop()
            self.sfn = None
        return {"status": "ok", "restart": restart}
