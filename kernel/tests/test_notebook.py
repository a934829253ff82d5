"""examples/saddle_tour.ipynb executed headless by nbclient on the sfn kernel: every cell runs
(its asserts hold), the figures are inline SVGs that parse as XML, and nbconvert renders the
executed notebook to HTML with the figures in it. $SFN_NOTEBOOK_OUT, when set, names a folder
that keeps the executed notebook and its HTML."""
import base64
import os
import re
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

import nbformat
from nbclient import NotebookClient

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
NOTEBOOK = os.path.join(ROOT, "examples", "saddle_tour.ipynb")


class SaddleTourNotebook(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.out = os.environ.get("SFN_NOTEBOOK_OUT") or tempfile.mkdtemp(prefix="sfn-notebook-")
        os.makedirs(cls.out, exist_ok=True)
        nb = nbformat.read(NOTEBOOK, as_version=4)
        # Raises CellExecutionError on the first cell that fails (a failed assert included).
        NotebookClient(nb, kernel_name="sfn", timeout=300,
                       resources={"metadata": {"path": os.path.join(ROOT, "examples")}}).execute()
        cls.executed = os.path.join(cls.out, "saddle_tour.ipynb")
        nbformat.write(nb, cls.executed)
        cls.nb = nb

    def outputs(self):
        return [o for c in self.nb.cells if c.cell_type == "code" for o in c.outputs]

    def test_no_cell_failed(self):
        errors = [o for o in self.outputs() if o.output_type == "error"]
        self.assertEqual(errors, [])
        for cell in self.nb.cells:
            if cell.cell_type == "code":
                self.assertIsNotNone(cell.execution_count)

    def test_figures_are_inline_svg_that_parse(self):
        svgs = [o.data["image/svg+xml"] for o in self.outputs()
                if o.output_type == "display_data" and "image/svg+xml" in o.data]
        self.assertEqual(len(svgs), 2)  # the contour with the three paths, the learning curves
        for svg in svgs:
            root = ET.fromstring(svg)
            self.assertTrue(root.tag.endswith("svg"), root.tag)
        self.assertIn("saddle-free Newton", svgs[0])
        self.assertIn("Figure 2: f along the three paths", svgs[1])

    def test_results_and_printed_text(self):
        results = [o.data["text/plain"] for o in self.outputs() if o.output_type == "execute_result"]
        self.assertIn('"saddle"', results)  # Newton's end point
        printed = "".join(o.text for o in self.outputs() if o.output_type == "stream")
        self.assertIn("from (0, 0): f = -1", printed)

    def test_nbconvert_renders_html_with_the_figures(self):
        subprocess.run([sys.executable, "-m", "nbconvert", "--to", "html", self.executed],
                       check=True, capture_output=True)
        html = open(os.path.splitext(self.executed)[0] + ".html", encoding="utf-8").read()
        # Each figure as an image whose source is the whole SVG (see figure_bundle in the kernel).
        images = re.findall(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html)
        svgs = [o.data["image/svg+xml"] for o in self.outputs()
                if o.output_type == "display_data" and "image/svg+xml" in o.data]
        self.assertEqual([base64.b64decode(i).decode("utf-8") for i in images], svgs)


if __name__ == "__main__":
    unittest.main()
