"""The sfn kernel through a real Jupyter client: jupyter_kernel_test's checks of the messaging
protocol, and the behaviour LANGUAGE.md §7b asks of a notebook cell (error locations, help,
completion, interrupting a long run, restarting)."""
import os
import signal
import time
import unittest

import jupyter_kernel_test
from jupyter_client.manager import start_new_kernel

TIMEOUT = 60


class SFNKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "sfn"
    language_name = "sfn"
    file_extension = ".sfn"

    code_hello_world = 'print("hello, world")'
    # The REPL's commands print their own errors on standard error.
    code_stderr = ":load no/such/file.sfn"
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": 'f(x, y) = x^2 - y^2\nc = classify(f, [0, 0])\nc.kind', "result": '"saddle"'},
    ]
    code_display_data = [
        {"code": "plot([3, 2, 1])", "mime": "image/svg+xml"},
        {"code": "contour((x, y) -> x^2 - y^2, [-1, 1], [-1, 1])", "mime": "image/svg+xml"},
    ]
    code_generate_error = "y = undefined_name + 1"
    completion_samples = [
        {"text": "hessi", "matches": {"hessian"}},
        {"text": "x = [1, 2]\nr = newt", "matches": {"newton"}},
    ]
    code_inspect_sample = "sfn"
    complete_code_samples = ["x = 1", "f(x) = x^2", "r = sfn(f, [1, 2])", ":vars", "?sfn", ""]
    incomplete_code_samples = ["x = [1, 2", "g(x) = (x +", "y = 1 +", 'print("abc']
    invalid_code_samples = ["x = )", "1 +* 2"]

    def run_cell(self, code, timeout=TIMEOUT):
        self.flush_channels()
        return self.execute_helper(code=code, timeout=timeout)

    def result_text(self, code):
        reply, outputs = self.run_cell(code)
        self.assertEqual(reply["content"]["status"], "ok", outputs)
        results = [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(len(results), 1, outputs)
        return results[0]

    def test_error_names_cell_line_column_with_caret(self):
        reply, outputs = self.run_cell("a = 1\nb = a + nosuch")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "SFNError")
        self.assertIn("unknown name 'nosuch'", reply["content"]["evalue"])
        errors = [m for m in outputs if m["msg_type"] == "error"]
        self.assertEqual(len(errors), 1)
        text = "\n".join(errors[0]["content"]["traceback"])
        lines = text.split("\n")
        self.assertRegex(lines[0], r"^<cell \d+>:2:9: error: unknown name 'nosuch'")
        self.assertEqual(lines[1:3], ["b = a + nosuch", "        ^"])
        # The cell's earlier statement ran; its binding stays.
        self.assertEqual(self.result_text("a"), "1")

    def test_output_printed_before_a_figure_comes_first(self):
        reply, outputs = self.run_cell('print("before")\nplot([1, 2, 4])\nprint("after")\n5')
        kinds = [(m["msg_type"], m["content"].get("text", "")) for m in outputs]
        self.assertEqual([k for k, _ in kinds], ["stream", "display_data", "stream", "execute_result"], kinds)
        self.assertEqual(kinds[0][1], "before\n")
        self.assertEqual(kinds[2][1], "after\n")

    def test_question_mark_and_colon_help_show_help_text(self):
        for code in ["?gd", ":help gd"]:
            reply, outputs = self.run_cell(code)
            text = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream")
            self.assertIn("gd(", text, code)
            self.assertIn("lr", text, code)

    def test_inspect_at_a_call_and_on_an_unknown_name(self):
        code = "r = newton("
        msg_id = self.kc.inspect(code, len(code))
        reply = self.get_non_kernel_info_reply(timeout=TIMEOUT)
        self.assertTrue(reply["content"]["found"])
        self.assertIn("newton(", reply["content"]["data"]["text/plain"])
        self.kc.inspect("nosuchname", 3)
        reply = self.get_non_kernel_info_reply(timeout=TIMEOUT)
        self.assertFalse(reply["content"]["found"])

    def test_completion_replaces_the_word_before_the_cursor(self):
        self.run_cell("learning_rate = 0.1")
        code = "y = 2 * learn + 1"
        cursor = len("y = 2 * learn")
        self.kc.complete(code, cursor)
        reply = self.get_non_kernel_info_reply(timeout=TIMEOUT)["content"]
        self.assertEqual(reply["matches"], ["learning_rate"])
        self.assertEqual((reply["cursor_start"], reply["cursor_end"]), (len("y = 2 * "), cursor))

    def test_interrupt_stops_a_long_run_and_keeps_bindings(self):
        self.run_cell("q(x, y) = (x - 1)^2 + 10 * (y + 2)^2\nkept = 7")
        self.flush_channels()
        msg_id = self.kc.execute("r = gd(q, [0, 0], tol=0, steps=1e9)")
        # Progress streams while the run goes on: wait for its first line, then interrupt.
        streamed = ""
        deadline = time.time() + TIMEOUT
        while "step" not in streamed and time.time() < deadline:
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
                streamed += msg["content"]["text"]
        self.assertIn("step", streamed)
        time.sleep(0.5)
        started = time.time()
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertLess(time.time() - started, 10)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(self.result_text("r.reason"), '"interrupted"')
        self.assertEqual(self.result_text("kept"), "7")
        self.assertEqual(self.result_text('r.reason == "interrupted" and r.steps > 0'), "true")
        # The next cell runs normally: the interrupt does not carry over.
        self.assertEqual(self.result_text("gd(q, [0, 0], steps=3, quiet=true).steps"), "3")


def children(pid):
    """The processes whose parent is pid (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def state(pid):
    """A process's state letter (Z: a zombie), or None when it is gone."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


class SFNKernelProcessTests(unittest.TestCase):
    def test_a_dead_sfn_is_replaced_and_the_cell_says_so(self):
        km, kc = start_new_kernel(kernel_name="sfn")
        try:
            kc.execute_interactive("z = 5", timeout=TIMEOUT)
            [sfn] = children(km.provisioner.process.pid)
            os.kill(sfn, signal.SIGKILL)
            while state(sfn) not in ("Z", None):  # dead, not yet reaped by the kernel
                time.sleep(0.05)
            # The next cell fails and says that sfn exited (whether the kernel saw it die before
            # the cell was sent, and started a fresh one, or while waiting for its replies).
            outputs = []
            reply = kc.execute_interactive("z", timeout=TIMEOUT, output_hook=outputs.append)
            self.assertEqual(reply["content"]["status"], "error")
            said = "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream")
            said += reply["content"]["evalue"]
            self.assertRegex(said, r"sfn (had )?exited,? \(?status -9")
            # Then a fresh sfn runs, without the old variables.
            reply = kc.execute_interactive("z", timeout=TIMEOUT)
            self.assertIn("unknown name 'z'", reply["content"]["evalue"])
            reply = kc.execute_interactive("z = 6", timeout=TIMEOUT)
            self.assertEqual(reply["content"]["status"], "ok")
            # Killing the kernel takes its sfn along, even in the middle of a long run.
            [sfn] = children(km.provisioner.process.pid)
            kc.execute("r = gd((x, y) -> x^2 + y^2, [1, 1], tol=0, steps=1e9)")
            time.sleep(1)
            os.kill(km.provisioner.process.pid, signal.SIGKILL)
            deadline = time.time() + 10
            while state(sfn) not in ("Z", None) and time.time() < deadline:
                time.sleep(0.1)
            self.assertIn(state(sfn), ("Z", None))
        finally:
            kc.stop_channels()
            if km.is_alive():
                km.shutdown_kernel(now=True)


class SFNKernelRestartTests(unittest.TestCase):
    def test_restart_gives_a_fresh_sfn(self):
        km, kc = start_new_kernel(kernel_name="sfn")
        try:
            kc.execute_interactive("z = 5", timeout=TIMEOUT)
            km.restart_kernel(now=False)
            kc.wait_for_ready(timeout=TIMEOUT)
            outputs = []
            reply = kc.execute_interactive("z", timeout=TIMEOUT, output_hook=outputs.append)
            self.assertEqual(reply["content"]["status"], "error")
            self.assertIn("unknown name 'z'", reply["content"]["evalue"])
            reply = kc.execute_interactive("z = 6\nz", timeout=TIMEOUT, output_hook=outputs.append)
            self.assertEqual(reply["content"]["status"], "ok")
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)


if __name__ == "__main__":
    unittest.main()
