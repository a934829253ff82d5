"""Installs the Jupyter kernelspec `sfn` for this user (or under $JUPYTER_DATA_DIR), pointing at
an sfn binary: python3 kernel/install.py [path/to/sfn] (default: the release build)."""
import json
import os
import sys
import tempfile

from jupyter_client.kernelspec import KernelSpecManager

here = os.path.dirname(os.path.abspath(__file__))
binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", ".build", "release", "sfn"))
if not os.access(binary, os.X_OK):
    sys.exit("kernel/install.py: no sfn binary at %s (./build.sh kernel builds it)" % binary)

spec = {
    # The Python that runs this script has ipykernel (Debian's /usr/bin/python3 in build.sh).
    "argv": [sys.executable, "-m", "sfn_kernel", "-f", "{connection_file}"],
    "display_name": "sfn",
    "language": "sfn",
    "interrupt_mode": "signal",
    "env": {"PYTHONPATH": here, "SFN_BIN": binary},
}
with tempfile.TemporaryDirectory() as d:
    with open(os.path.join(d, "kernel.json"), "w") as f:
        json.dump(spec, f, indent=2)
    path = KernelSpecManager().install_kernel_spec(d, kernel_name="sfn", user=True)
print("installed the Jupyter kernel 'sfn' in %s (sfn: %s)" % (path, binary))
