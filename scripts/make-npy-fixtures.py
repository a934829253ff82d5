#!/usr/bin/env python3
"""Writes the .npy files in Tests/Fixtures/npy with NumPy itself, so that load is tested against
what np.save really writes (DataFormatTests.numpyWrittenFilesLoad holds the expected values).
Run from the repository root: python3 scripts/make-npy-fixtures.py (written with NumPy 2.4)."""
import os
import numpy as np

out = os.path.join("Tests", "Fixtures", "npy")
os.makedirs(out, exist_ok=True)


def save(name, array, version=None):
    path = os.path.join(out, name)
    if version is None:
        np.save(path, array)
    else:
        with open(path, "wb") as f:
            np.lib.format.write_array(f, array, version=version)


save("f8.npy", np.array([[1.5, -0.0, np.nan], [np.inf, -np.inf, 5e-324]], dtype="<f8"))
save("f8_big_endian.npy", np.array([1.0, -2.5, 1e300], dtype=">f8"))
save("f8_scalar.npy", np.float64(3.25))
save("f8_empty.npy", np.zeros((0, 3)))
save("f8_fortran.npy", np.asfortranarray(np.arange(24.0).reshape(2, 3, 4)))
save("f4.npy", np.array([0.1, -0.25, 3.0], dtype="<f4"))
save("i8.npy", np.array([-3, 0, 2**40], dtype="<i8"))
save("i4_fortran.npy", np.asfortranarray(np.arange(6, dtype="<i4").reshape(2, 3) - 2))
save("u1.npy", np.array([0, 255, 7], dtype="|u1"))
save("b1.npy", np.array([True, False, True]))
save("f8_v2.npy", np.array([1.0, 2.0]), version=(2, 0))
save("f8_v3.npy", np.array([[1.0], [2.0]]), version=(3, 0))
save("object.npy", np.array([1, "a"], dtype=object))
save("complex.npy", np.array([1 + 2j]))
