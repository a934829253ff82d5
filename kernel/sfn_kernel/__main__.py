"""python3 -m sfn_kernel -f CONNECTION_FILE: what the kernelspec's argv runs."""
from ipykernel.kernelapp import IPKernelApp

from .kernel import SFNKernel

IPKernelApp.launch_instance(kernel_class=SFNKernel)
